export * from './camera-holding.entity';
export * from './camera-holdings.service';
export * from './camera-leases';
export * from './holding-caps';
export * from './holding-fence';
export * from './holdings.module';
export * from './holdings.repository';
