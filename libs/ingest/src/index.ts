export * from './backoff';
export * from './camera-coverage.repository';
export * from './camera-event-subscription';
export * from './camera-leases';
export * from './event-subscription.supervisor';
export * from './ingest-metrics';
export * from './ingest.module';
export * from './subscription-records.repository';
