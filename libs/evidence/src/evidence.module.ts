import { Module } from '@nestjs/common';
import { AuditModule } from '@wardwatch/audit';
import { StorageModule } from '@wardwatch/storage';
import { EvidenceExportService } from './evidence-export.service';

/** Evidence archives: the export of released footage with its manifest and chain of custody. */
@Module({
  imports: [AuditModule, StorageModule],
  providers: [EvidenceExportService],
  exports: [EvidenceExportService],
})
export class EvidenceModule {}
