import type { Universe } from '../statuses.ts';
import type { ConcurrencyDefinition, TriggerDefinitions } from './trigger-types.ts';

export type * from './trigger-types.ts';

/** A validated step. Durations are already converted to milliseconds. */
export interface StepDefinition {
  id: string;
  /** The action's name; for a `uses:` step, `SUB_WORKFLOW_ACTION`. */
  action: string;
  /** Sub-workflows: the workflow this step runs as a child run (`uses:`). */
  uses?: string;
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
   * resolved when the step starts, like its `with` (`StartDecision.cacheKey`).
   */
  cache?: { inputs: string[]; key?: string };
  /** Globs of the files kept after the step succeeds (`artifacts`). */
  artifacts?: string[];
  /** Upstream steps whose artifacts are placed in the workspace first (`needs_artifacts`). */
  needsArtifacts?: string[];
  /**
   * Set on a step written with `matrix` or `for_each`: it runs no action itself. It waits for
   * its instances (its `dependsOn` once expanded) and gathers their outputs into lists.
   */
  fanOut?: FanOut;
  /** Set on one instance of a fanned-out step. */
  instance?: StepInstance;
}

/** How a step runs as several instances. */
export interface FanOut {
  kind: 'matrix' | 'for_each';
  /** One failed instance cancels the others still pending or running. */
  failFast: boolean;
  /** How many instances may run at once. */
  maxParallel?: number;
  /** The steps the instances depend on: the step's own `depends_on`. */
  needs: string[];
  /** `for_each:` as written (an expression over upstream outputs). */
  forEach?: string;
  /**
   * The instances' ids, in order: known when the workflow is read for a matrix, once the
   * run reaches the step for `for_each` (absent until then).
   */
  instances?: string[];
}

/** What one instance of a fanned-out step runs with. */
export interface StepInstance {
  /** The id of the fanned-out step. */
  of: string;
  index: number;
  /** Its values in words, `node 22, os linux`, told in its beats. */
  label: string;
  /** `${{ matrix.* }}`. */
  matrix?: Record<string, unknown>;
  /** `${{ item }}`. */
  item?: unknown;
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
  /**
   * Sub-workflows: `outputs:`, name -> template over the run's steps and inputs, evaluated
   * when the run succeeds and handed to the step that `uses:` this workflow.
   */
  outputs?: Record<string, string>;
}

/**
 * The action name a `uses:` step is recorded with (the steps table, the story): no
 * registered action has it; the runner starts a child run instead.
 */
export const SUB_WORKFLOW_ACTION = 'workflow';

export interface ParseResult {
  /** Present only when there are no error diagnostics. */
  definition?: WorkflowDefinition;
  diagnostics: import('../diagnostics.ts').Diagnostic[];
}
