// What benchmarks import from the test support (nothing here pulls in the API harness).
export * from './seed-cameras';
export * from './waiting';
