import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { StorageModule } from '@wardwatch/storage';
import { ClipEntity } from './clip.entity';
import { ClipRepository } from './clip.repository';
import { FootageIntegrityService } from './footage-integrity.service';
import { FootageRetentionService } from './footage-retention.service';
import { LegalHoldEntity } from './legal-hold.entity';
import { LegalHoldService } from './legal-holds.service';

/** Clips, their retention, integrity and legal holds (API and worker). */
@Module({
  imports: [TypeOrmModule.forFeature([ClipEntity, LegalHoldEntity]), AuditModule, StorageModule],
  providers: [LegalHoldService, ClipRepository, FootageRetentionService, FootageIntegrityService],
  exports: [LegalHoldService, ClipRepository, FootageRetentionService, FootageIntegrityService, TypeOrmModule],
})
export class FootageModule {}
