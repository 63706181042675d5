import { Module } from '@nestjs/common';
import { AuditModule } from '@wardwatch/audit';
import { StorageModule } from '@wardwatch/storage';
import { EvidenceExportService } from './evidence-export.service';
// At merge: bind EVIDENCE_PACKAGE_SOURCE to the investigations module's implementation instead.
import { EVIDENCE_PACKAGE_SOURCE, ReleasesNotWiredPackageSource } from './evidence-package.source';

/** Evidence archives: the export of released footage with its manifest and chain of custody. */
@Module({
  imports: [AuditModule, StorageModule],
  providers: [EvidenceExportService, { provide: EVIDENCE_PACKAGE_SOURCE, useClass: ReleasesNotWiredPackageSource }],
  exports: [EvidenceExportService, EVIDENCE_PACKAGE_SOURCE],
})
export class EvidenceModule {}
