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
  /** The run this step belongs to. */
  runId: string;
  /**
   * For ceremony actions: marks the step `waiting` and resolves once people have decided
   * (enough approvals, one rejection, or the timeout). Provided by the runner.
   */
  requestApproval(request: ApprovalRequest): Promise<ApprovalOutcome>;
}

export interface ApprovalRequest {
  /** What the people are asked, shown in the UI and the CLI. */
  prompt: string;
  minApprovals: number;
  /** Give up after this long (the step then fails with reason `timeout`). */
  timeoutMs?: number;
}

export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  by: string;
  comment?: string;
  at: Date;
}

export interface ApprovalOutcome {
  status: 'approved' | 'rejected' | 'timed-out';
  decisions: ApprovalDecision[];
}

export interface ActionResult {
  outputs?: Record<string, unknown>;
  /** A short sentence for the story, told with the step's beat ("12 passed, 0 failed"). */
  summary?: string;
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
  /** What broke, in words, when the action knows better than an exit code ("2 tests failed: …"). */
  summary?: string;
  /** Structured details for the UI (failing tests, conflicting files, …). */
  details?: Record<string, unknown>;
}

export interface Action<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** One sentence for docs and editor hover. */
  description: string;
  /** Validates `with:`. Every field carries a `.describe()` for docs and editor hover. */
  input: Schema;
  /** The outputs the action sets, by name, with a sentence each (for docs and validation). */
  outputs?: Record<string, string>;
  run(ctx: ActionContext<z.output<Schema>>): Promise<ActionResult>;
}
