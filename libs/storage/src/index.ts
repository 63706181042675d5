export * from './object-store';
export * from './storage.module';
