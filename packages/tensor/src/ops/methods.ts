// The ops Tensor's chained methods forward to, gathered in one place for tensor.ts.
export * from './elementwise';
export * from './layout';
export * from './reduce';
export * from './mat-mul';
export * from './indexing';
