import type { Universe } from '../statuses.ts';

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
}

/** A validated workflow: the result of `parseWorkflow` when it reports no errors. */
export interface WorkflowDefinition {
  name: string;
  narrative?: string;
  description?: string;
  /** Undefined means "the machine's CPU count", chosen by the runner. */
  maxParallel?: number;
  env: Record<string, string>;
  steps: StepDefinition[];
}

export interface ParseResult {
  /** Present only when there are no error diagnostics. */
  definition?: WorkflowDefinition;
  diagnostics: import('../diagnostics.ts').Diagnostic[];
}
