export * from './catalogue';
export * from './problem';
export * from './error-table';
