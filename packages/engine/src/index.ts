export { builtinActionSpecs } from './actions/builtin.ts';
export * from './actions/registry.ts';
export * from './actions/specs/index.ts';
export type * from './actions/types.ts';
export {
  type ApproverEntry,
  approverEntryProblem,
  describeApprovers,
  parseApprovers,
  USERNAME_PATTERN,
} from './approvals/approvers.ts';
export {
  canDecide,
  type Decider,
  type DecisionRules,
  type Eligibility,
} from './approvals/eligibility.ts';
export { cacheInputProblem } from './definition/cache-schema.ts';
export { parseDuration } from './definition/duration.ts';
export { type ResolvedInputs, resolveRunInputs } from './definition/inputs.ts';
export { jsonNestsDeeperThan } from './definition/json-depth.ts';
export { workflowJsonSchema } from './definition/json-schema.ts';
export { MAX_FILE_BYTES, MAX_NESTING_DEPTH, MAX_STEPS } from './definition/limits.ts';
export { findExcessNesting } from './definition/nesting-depth.ts';
export { type ParseOptions, parseWorkflow } from './definition/parse.ts';
export {
  MAX_SUB_WORKFLOW_DEPTH,
  type SubWorkflowLookup,
} from './definition/sub-workflow-checks.ts';
export { LABEL_PATTERN } from './definition/trigger-schema.ts';
export type * from './definition/types.ts';
export { SUB_WORKFLOW_ACTION } from './definition/types.ts';
export * from './diagnostics.ts';
export * from './errors.ts';
export { evaluateCondition, evaluateExpression, interpolate } from './expressions/evaluate.ts';
export {
  fillSecrets,
  SECRET_NAME,
  secretNamesIn,
  secretSentinel,
} from './expressions/secrets.ts';
export { type ExpressionContext, ExpressionError } from './expressions/types.ts';
export { carryExpansions, expandForEach, instancesOf } from './fan-out/expand.ts';
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
export { isRole, ROLES, type Role, roleAtLeast } from './identity/roles.ts';
export {
  cacheHitText,
  formatDuration,
  retellingReasonText,
  tensionText,
} from './narrative/story.ts';
export * from './narrative/types.ts';
export {
  OUTPUT_FILE_MAX_BYTES,
  OUTPUT_NAME,
  type OutputFileResult,
  parseOutputFile,
} from './outputs/output-file.ts';
export * from './revisions/compare.ts';
export { diffDefinitions } from './revisions/diff.ts';
export { RetellingRequestError, UnknownStepError } from './revisions/errors.ts';
export { planRetelling, type RetellingOptions } from './revisions/plan.ts';
export type * from './revisions/types.ts';
export { decide, initialRunState } from './scheduler/scheduler.ts';
export type * from './scheduler/types.ts';
export * from './statuses.ts';
export {
  type ChildOutcome,
  childOutcome,
  evaluateWorkflowOutputs,
} from './sub-workflows/child-result.ts';
export { type ConcurrencyGroupInput, concurrencyGroup } from './triggers/concurrency.ts';
export {
  DEFAULT_PULL_REQUEST_TYPES,
  EVENT_FIELDS,
  type EventExpressionValue,
  eventExpressionValue,
  manualEvent,
  PULL_REQUEST_TYPES,
  type PullRequestType,
  TRIGGER_EVENT_KINDS,
  type TriggerCommit,
  type TriggerEvent,
  type TriggerEventKind,
  type TriggerPullRequest,
  type TriggerSchedule,
} from './triggers/event.ts';
export { globProblem, includedBy } from './triggers/globs.ts';
export { incitingIncidentText } from './triggers/incident.ts';
export { matchTrigger, type TriggerMatch } from './triggers/match.ts';
export {
  type CronSchedule,
  cronProblem,
  isKnownTimezone,
  nextFireTimes,
  previousFireTime,
} from './triggers/schedule.ts';
