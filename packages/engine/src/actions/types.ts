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
   * When the run first started (kept across resumes). Files that changed before it are the
   * user's own work in progress, not the workflow's: `git-commit` leaves them out.
   */
  runStartedAt: Date;
  /**
   * For ceremony actions: marks the step `waiting` and resolves once people have decided
   * (enough approvals, one rejection, or the timeout). Provided by the runner.
   */
  requestApproval(request: ApprovalRequest): Promise<ApprovalOutcome>;
}

export interface ApprovalRequest {
  /** What the people are asked, shown in the UI and the CLI. */
  prompt: string;
  /** Who may decide (`alice`, `role:approver`); empty: anyone with the approver role. */
  approvers: string[];
  /** How many different people must approve. */
  requiredApprovals: number;
  /** Give up after this long (the step then fails with reason `timeout`). */
  timeoutMs?: number;
}

export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  /** The display name of whoever decided. */
  by: string;
  /** Their username when they were signed in (team mode); absent for the local person. */
  username?: string;
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
  /**
   * Set when the action found nothing to do (no build script, no deploy command): the step
   * ends `skipped`, not succeeded, and the story says this reason ("nothing to build: …").
   * Steps that depend on it still run.
   */
  skipped?: string;
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

/**
 * What the engine knows of an action: its name, its input schema and what it sets. Enough to
 * validate a workflow and build the editor's JSON Schema without loading any I/O code.
 */
export interface ActionSpec<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** One sentence for docs and editor hover. */
  description: string;
  /** Validates `with:`. Every field carries a `.describe()` for docs and editor hover. */
  input: Schema;
  /** The outputs the action sets, by name, with a sentence each (for docs and validation). */
  outputs?: Record<string, string>;
  /**
   * The action runs the user's commands with the step's environment, so they may set any
   * output through `$ARCFLOW_OUTPUT`: `${{ steps.X.outputs.NAME }}` is accepted for any name.
   */
  openOutputs?: boolean;
  /**
   * What the action does that cannot be undone, as a short phrase ("merges into the target
   * branch", "deploys"). Running again a step whose effect already happened needs an
   * explicit acknowledgement (see `planRetelling`). Left out: running it again is harmless.
   */
  irreversible?: string;
  /**
   * Inputs that must be written out in the workflow, never as `${{ }}` expressions: who may
   * approve is known before the run starts.
   */
  staticInputs?: readonly string[];
}

/** The input an action's `run` receives: its spec's schema, parsed. */
export type ActionInput<Spec extends ActionSpec> = z.output<Spec['input']>;

/** A runnable action: a spec and what it does (the built-in ones live in @arcflow/actions). */
export interface Action<Schema extends z.ZodType = z.ZodType> extends ActionSpec<Schema> {
  run(ctx: ActionContext<z.output<Schema>>): Promise<ActionResult>;
}
