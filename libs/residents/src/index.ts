export * from './resident-portal.service';
export * from './residents.module';
