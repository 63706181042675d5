export * from './accounts';
export * from './cameras';
export * from './http';
export * from './settings';
