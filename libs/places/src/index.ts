export * from './places.module';
export * from './ward.entity';
export * from './wards.service';
