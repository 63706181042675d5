export * from './audit-entry.entity';
export * from './audit-hash';
export * from './audit.module';
export * from './audit.service';
export * from './audit.types';
export * from './audit-log.repository';
export * from './audit-anchor.store';
