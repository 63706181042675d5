export * from './transparency-figures';
export * from './transparency.repository';
export * from './transparency.service';
export * from './transparency.module';
