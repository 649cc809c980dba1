export * from './statuses.ts';
export * from './diagnostics.ts';
export * from './errors.ts';
export type * from './definition/types.ts';
export { parseWorkflow, type ParseOptions } from './definition/parse.ts';
export { parseDuration } from './definition/duration.ts';
export { workflowJsonSchema } from './definition/json-schema.ts';
export { MAX_FILE_BYTES, MAX_STEPS } from './definition/limits.ts';
export {
  criticalPath,
  DependencyCycleError,
  dependentsOf,
  downstreamOf,
  findCycles,
  type GraphStep,
  levels,
  topologicalOrder,
} from './graph/graph.ts';
export * from './narrative/types.ts';
export { formatDuration } from './narrative/story.ts';
export type * from './actions/types.ts';
export * from './actions/registry.ts';
export { builtinActions } from './actions/builtin.ts';
export { abortReason, shellAction } from './actions/shell.ts';
export { noopAction } from './actions/noop.ts';
export type * from './scheduler/types.ts';
export { decide, initialRunState } from './scheduler/scheduler.ts';
