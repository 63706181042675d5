export * from './config.loader';
export * from './config.module';
export * from './schemas';
export * from './production-checks';
export * from './time-zone';
