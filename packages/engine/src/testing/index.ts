export * from './action-context.ts';
export * from './harness.ts';
