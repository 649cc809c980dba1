export * from './action-context.ts';
export * from './harness.ts';
export * from './processes.ts';
export * from './run-action.ts';
