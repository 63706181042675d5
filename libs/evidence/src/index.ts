export * from './evidence-archive.writer';
export * from './evidence-export.service';
export * from './evidence-manifest';
export * from './evidence-package.source';
export * from './evidence.module';
export * from './tar';
export * from './verify-evidence-archive';
