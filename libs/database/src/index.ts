export * from './database.module';
export * from './migration-runner';
export * from './migration-data-source';
