import type { z } from 'zod';

export type LogStream = 'stdout' | 'stderr' | 'system';

export interface ActionContext<Input> {
  input: Input;
  /** The workspace directory; steps run with it as their working directory. */
  workspaceDir: string;
  /** The environment for the step: process env + workflow env + step env. */
  env: Record<string, string>;
  /** Aborted on cancel or timeout; actions must stop promptly and kill what they started. */
  signal: AbortSignal;
  /** Receives output as it is produced (whole lines where possible). */
  log: (stream: LogStream, text: string) => void;
  stepId: string;
  attempt: number;
}

export interface ActionResult {
  outputs?: Record<string, unknown>;
}

/**
 * Why a step failed, carried from the action to the scheduler and into the tension point.
 * Actions throw `StepFailure` (see errors.ts) to report an expected failure.
 */
export interface FailureInfo {
  reason: 'exit-code' | 'timeout' | 'canceled' | 'error' | 'interrupted';
  message: string;
  exitCode?: number;
  signal?: string;
  /** The last lines of stderr (or stdout), to say what broke. */
  lastLines?: string[];
  /** False when another attempt cannot help (bad input, `NonRetriableError`): no retries. */
  retriable?: boolean;
}

export interface Action<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** One sentence for docs and editor hover. */
  description: string;
  /** Validates `with:`. */
  input: Schema;
  run(ctx: ActionContext<z.output<Schema>>): Promise<ActionResult>;
}
