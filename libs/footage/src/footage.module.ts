import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@wardwatch/audit';
import { CamerasModule } from '@wardwatch/cameras';
import { HoldingFenceModule } from '@wardwatch/holdings';
import { StorageModule } from '@wardwatch/storage';
import { ClipEntity } from './clip.entity';
import { ClipRepository } from './clip.repository';
import { EventRetentionService } from './event-retention.service';
import { FootageIntegrityService } from './footage-integrity.service';
import { FootageRetentionService } from './footage-retention.service';
import { IntegrityCursorEntity } from './integrity-cursor.entity';
import { LegalHoldEntity } from './legal-hold.entity';
import { LegalHoldService } from './legal-holds.service';
import { ObjectDeletionEntity } from './object-deletion.entity';
import { OwnerClipsService } from './owner-clips.service';

/** Clips, their retention, integrity and legal holds (API and worker). */
@Module({
  imports: [
    TypeOrmModule.forFeature([ClipEntity, LegalHoldEntity, ObjectDeletionEntity, IntegrityCursorEntity]),
    AuditModule,
    StorageModule,
    CamerasModule,
    HoldingFenceModule,
  ],
  providers: [LegalHoldService, ClipRepository, FootageRetentionService, EventRetentionService, FootageIntegrityService, OwnerClipsService],
  exports: [
    LegalHoldService,
    ClipRepository,
    FootageRetentionService,
    EventRetentionService,
    FootageIntegrityService,
    OwnerClipsService,
    TypeOrmModule,
  ],
})
export class FootageModule {}
