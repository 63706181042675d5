import { Module } from '@nestjs/common';
import { AuditModule } from '@wardwatch/audit';
import { CamerasModule } from '@wardwatch/cameras';
import { HoldingsModule } from '@wardwatch/holdings';
import { MediaModule } from '@wardwatch/media';
import { StorageModule } from '@wardwatch/storage';
import { ClipAssembler } from './clip-assembler';
import { ClipCaptureService } from './clip-capture.service';
import { ClipUploadQueue } from './clip-upload.queue';
import { FootageProcessor, FootageSchedule } from './footage.processor';
import { FootageModule } from './footage.module';

/** The worker's side of footage: buffering held cameras, assembling and uploading clips, retention jobs. */
@Module({
  imports: [FootageModule, MediaModule, HoldingsModule, CamerasModule, AuditModule, StorageModule],
  providers: [ClipAssembler, ClipUploadQueue, ClipCaptureService, FootageProcessor, FootageSchedule],
  exports: [ClipCaptureService, ClipUploadQueue],
})
export class FootageCaptureModule {}
