export * from './action-context.ts';
export * from './processes.ts';
export * from './run-action.ts';
