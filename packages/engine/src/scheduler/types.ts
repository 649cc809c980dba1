import type { FailureInfo } from '../actions/types.ts';
import type { NewRunEvent } from '../narrative/types.ts';
import type { Telling } from '../revisions/types.ts';
import type { RunStatus, StepStatus } from '../statuses.ts';
import type { TriggerEvent } from '../triggers/event.ts';

export interface StepState {
  id: string;
  status: StepStatus;
  /** Attempts started so far, across resumes (the next attempt is `attempts + 1`). */
  attempts: number;
  /** Failures since the run (or its latest resume) started; compared with `retries`. */
  failures: number;
  /** When a pending step that failed may be retried (epoch ms). */
  retryAt?: number;
  startedAt?: Date;
  finishedAt?: Date;
  outputs?: Record<string, unknown>;
  lastFailure?: FailureInfo;
  /** Why a `skipped` step was skipped. Missing in older states: read as `upstream`. */
  skipReason?: SkipReason;
}

/**
 * - condition: its own `if:` was false
 * - upstream-condition: a step it depends on was skipped (by a condition, as GitHub Actions does)
 * - upstream: a step it depends on failed or was canceled
 * - nothing-to-do: its action ran and found nothing to do (`ActionResult.skipped`); the steps
 *   that depend on it still run
 *
 * Steps skipped for any reason but `upstream` do not keep a run from succeeding.
 */
export type SkipReason = 'condition' | 'upstream-condition' | 'upstream' | 'nothing-to-do';

export interface RunState {
  status: RunStatus;
  steps: Record<string, StepState>;
  /** True once the run has been resumed at least once: success is then a resolution. */
  resumed: boolean;
  cancelRequested: boolean;
  /** The run's inputs, typed and with defaults applied. */
  inputs: Record<string, unknown>;
  /**
   * What started the run: its inciting incident and `${{ event.* }}`. Absent in runs started
   * by hand without one (and in states stored before triggers): read as a manual run.
   */
  event?: TriggerEvent;
  startedAt?: Date;
  finishedAt?: Date;
}

export type SchedulerInput =
  | { type: 'start'; at: Date }
  | { type: 'resume'; at: Date }
  /**
   * A resume on a newer definition, a retry, or the start of a rerun (see `planRetelling`):
   * `steps` (the plan's `run`) go back to pending as new attempts, whatever they ended with;
   * every other step keeps its result. A queued run starts; a final one picks up again.
   */
  | { type: 'retell'; at: Date; steps: readonly string[]; telling: Telling }
  | {
      type: 'step-succeeded';
      stepId: string;
      at: Date;
      outputs?: Record<string, unknown>;
      /** The action's own sentence for the story, told with the beat. */
      summary?: string;
      /** The action found nothing to do: the step ends `skipped`, for this reason. */
      skipped?: string;
    }
  /** A ceremony step now waits for people (`ActionContext.requestApproval`). */
  | {
      type: 'step-waiting';
      stepId: string;
      at: Date;
      prompt: string;
      /** Who may decide (`alice`, `role:approver`); empty: anyone with the approver role. */
      approvers: readonly string[];
      requiredApprovals: number;
      /** False when the workflow waives the four-eyes rule. */
      fourEyes: boolean;
    }
  /** Someone approved or rejected a waiting step; the action decides what follows. */
  | {
      type: 'step-decision';
      stepId: string;
      at: Date;
      decision: 'approve' | 'reject';
      /** The display name of whoever decided. */
      by: string;
      /** Their username when signed in (team mode). */
      username?: string;
      comment?: string;
      /** Decided in local mode on a step that names approvers or wants several: not checked. */
      unchecked?: boolean;
    }
  | { type: 'step-failed'; stepId: string; at: Date; failure: FailureInfo }
  /** Time passed: retries whose `retryAt` is due may start. */
  | { type: 'tick'; at: Date }
  /**
   * Stop the run. `supersededBy`: the event whose newer run replaces this one in its
   * concurrency group (`cancel_in_progress`); the story says so.
   */
  | { type: 'cancel'; at: Date; supersededBy?: TriggerEvent };

export type SchedulerCommand =
  | {
      type: 'start-step';
      stepId: string;
      attempt: number;
      timeoutMs?: number;
      /** The step's `with`, its `${{ }}` expressions resolved (not yet checked by the action's schema). */
      with: Record<string, unknown>;
      /** The step's `env`, expressions resolved. */
      env: Record<string, string>;
      /** The step's `cache.key`, expressions resolved; absent when the step has no `cache:`. */
      cacheKey?: string;
    }
  | { type: 'abort-step'; stepId: string }
  /** Feed a `tick` at (or after) this time. */
  | { type: 'wake-at'; at: Date };

export interface SchedulerOptions {
  maxParallel: number;
  /** Delay before retry number `failures` (1 = first retry). Injected so tests need not wait. */
  retryDelayMs: (failures: number) => number;
}

/** A step whose state differs between two states of a run: `before` is absent for a new step. */
export interface StepChange {
  before: StepState | undefined;
  after: StepState;
}

export interface Transition {
  state: RunState;
  commands: SchedulerCommand[];
  /** Narrative events for this transition, in order; storage assigns `seq`. */
  events: NewRunEvent[];
  /**
   * The steps this transition changed, in the order the state holds them: what a runner
   * stores, found without reading `state.steps` (building that record costs O(steps)).
   */
  changes: StepChange[];
  /**
   * Set when a `for_each` step expanded into its instances: the run goes on with this
   * definition (the old one with the instances added after its steps), and stores it.
   */
  definition?: import('../definition/types.ts').WorkflowDefinition;
}
