import { DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { AuditModule } from '@wardwatch/audit';
import { StorageModule } from '@wardwatch/storage';
import { EvidenceExportService } from './evidence-export.service';
import { EVIDENCE_PACKAGE_SOURCE, type EvidencePackageSource } from './evidence-package.source';

/**
 * Evidence archives: the export of released footage with its manifest and chain of custody. The
 * module that owns releases supplies the content: the app names it and its source class here, so
 * this library never imports it (investigations imports this library's types).
 */
@Module({})
export class EvidenceModule {
  static withPackageSource(source: {
    imports: NonNullable<ModuleMetadata['imports']>;
    useExisting: Type<EvidencePackageSource>;
  }): DynamicModule {
    return {
      module: EvidenceModule,
      imports: [AuditModule, StorageModule, ...source.imports],
      providers: [EvidenceExportService, { provide: EVIDENCE_PACKAGE_SOURCE, useExisting: source.useExisting }],
      exports: [EvidenceExportService, EVIDENCE_PACKAGE_SOURCE],
    };
  }
}
