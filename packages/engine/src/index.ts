export * from './statuses.ts';
export * from './diagnostics.ts';
export type * from './definition/types.ts';
export * from './narrative/types.ts';
export type * from './actions/types.ts';
export * from './actions/registry.ts';
export type * from './scheduler/types.ts';
