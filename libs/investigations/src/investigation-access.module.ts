import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from '@wardwatch/accounts';
import { InvestigationAccess } from './investigation-access';
import { InvestigationMemberEntity } from './investigation-member.entity';
import { InvestigationEntity } from './investigation.entity';

/** Who may act on an investigation, alone: for other modules (search) that must check membership and nothing more. */
@Module({
  imports: [TypeOrmModule.forFeature([InvestigationEntity, InvestigationMemberEntity, UserEntity])],
  providers: [InvestigationAccess],
  exports: [InvestigationAccess],
})
export class InvestigationAccessModule {}
