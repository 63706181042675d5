export * from './camera-gap.entity';
export * from './camera-subscription.entity';
export * from './event-index.repository';
export * from './event-writes';
export * from './events.module';
export * from './motion-event.entity';
export * from './motion-event-key.entity';
export * from './motion-event-partitions';
