export * from './camera-gap.entity';
export * from './event-index.repository';
export * from './event-writes';
export * from './events.module';
export * from './motion-event.entity';
