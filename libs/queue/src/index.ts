export * from './queue.catalogue';
export * from './queue.module';
export * from './redis-connection';
export * from './redis-options';
export * from './redis-throttler-storage';
