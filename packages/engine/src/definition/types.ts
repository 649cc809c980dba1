import type { Universe } from '../statuses.ts';
import type { ConcurrencyDefinition, TriggerDefinitions } from './trigger-types.ts';

export type * from './trigger-types.ts';

/** A validated step. Durations are already converted to milliseconds. */
export interface StepDefinition {
  id: string;
  action: string;
  universe: Universe;
  dependsOn: string[];
  beat?: string;
  /** Action inputs, already validated against the action's own schema. */
  with: Record<string, unknown>;
  timeoutMs?: number;
  retries: number;
  env: Record<string, string>;
  /** An expression over inputs and upstream outputs; when false the step is skipped. */
  if?: string;
  /** Labels the runner of this step must have, over the workflow's `runsOn`. */
  runsOn?: string[];
  /**
   * What one attempt stores of its output, in bytes (`log_max_bytes` of the step, else of the
   * workflow); absent: the runner's default.
   */
  logMaxBytes?: number;
  /**
   * `cache:`: input file globs (relative to the workspace) and an extra key, with `${{ }}`
   * still unresolved; see `resolveCacheKey`.
   */
  cache?: { inputs: string[]; key?: string };
  /** Globs of the files kept after the step succeeds (`artifacts`). */
  artifacts?: string[];
  /** Upstream steps whose artifacts are placed in the workspace first (`needs_artifacts`). */
  needsArtifacts?: string[];
}

/** A workflow input, given when a run starts (`--input name=value`, the API, the UI form). */
export interface WorkflowInputDefinition {
  name: string;
  type: 'string' | 'number' | 'boolean';
  default?: string | number | boolean;
  description?: string;
  /** True when there is no default: the run cannot start without it. */
  required: boolean;
}

/** A validated workflow: the result of `parseWorkflow` when it reports no errors. */
export interface WorkflowDefinition {
  name: string;
  narrative?: string;
  description?: string;
  /** Undefined means "the machine's CPU count", chosen by the runner. */
  maxParallel?: number;
  env: Record<string, string>;
  /** Environment variable names whose values are masked in logs and failures. */
  secrets?: string[];
  /** False when the workflow waives the four-eyes rule (`four_eyes: false`); absent: it holds. */
  fourEyes?: false;
  inputs: WorkflowInputDefinition[];
  /** `on:`: what starts a run by itself. Absent: runs start only by hand. */
  on?: TriggerDefinitions;
  /** At most one run at a time per evaluated group (`concurrencyGroup`). */
  concurrency?: ConcurrencyDefinition;
  /** Labels a runner must all have to run this workflow. */
  runsOn?: string[];
  /** How long the artifacts of its runs are kept, in ms (`artifact_retention`); absent: 30 days. */
  artifactRetentionMs?: number;
  steps: StepDefinition[];
}

export interface ParseResult {
  /** Present only when there are no error diagnostics. */
  definition?: WorkflowDefinition;
  diagnostics: import('../diagnostics.ts').Diagnostic[];
}
