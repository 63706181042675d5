import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StorageModule } from '@wardwatch/storage';
import { AuditAnchorStore } from './audit-anchor.store';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditLogRepository } from './audit-log.repository';
import { AuditChainProcessor, AuditChainSchedule } from './audit-chain.processor';
import { AuditService } from './audit.service';
import { AuditFlagsService } from './audit-flags.service';
import { AuditVerificationService } from './audit-verification.service';
import { AccessRefusalRecorder } from './access-refusal.recorder';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity]), StorageModule],
  providers: [AuditLogRepository, AuditAnchorStore, AuditService, AuditFlagsService, AuditVerificationService, AccessRefusalRecorder],
  exports: [AuditService, AuditFlagsService, AuditVerificationService, AccessRefusalRecorder],
})
export class AuditModule {}

/** The worker's side of auditing: scheduled chain verification. */
@Module({
  imports: [AuditModule],
  providers: [AuditChainProcessor, AuditChainSchedule],
})
export class AuditJobsModule {}
