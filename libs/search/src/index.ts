export * from './search-criteria';
export * from './search-sql';
export * from './search.module';
export * from './search.repository';
export * from './search.service';
export * from './search.types';
