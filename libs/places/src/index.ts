export * from './places.module';
export * from './street.entity';
export * from './streets.service';
export * from './ward.entity';
export * from './wards.service';
export * from './ward-seed';
export * from './geojson-area';
