import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { ClipEntity } from './clip.entity';
import { LegalHoldEntity } from './legal-hold.entity';
import { LegalHoldService } from './legal-holds.service';

/** Clips, their retention and legal holds. */
@Module({
  imports: [TypeOrmModule.forFeature([ClipEntity, LegalHoldEntity]), AuditModule],
  providers: [LegalHoldService],
  exports: [LegalHoldService, TypeOrmModule],
})
export class FootageModule {}
