export * from './accounts';
export * from './cameras';
export * from './client';
export * from './problems';
export * from './settings';
export * from './places';
