import type { RunRecord } from '@arcflow/db';
import { type Diagnostic, formatDiagnostic } from '@arcflow/engine';
import { UserError } from '../errors.ts';

/**
 * Why the run service refused a request. Each is a `UserError` (the caller can fix it);
 * the adapters turn them into tRPC codes or CLI lines, adding only what their transport
 * knows (a flag to pass, a command to try).
 */

/** A workflow does not validate; carries every diagnostic. */
export class InvalidWorkflowError extends UserError {
  constructor(
    /** What is wrong in a few words, e.g. `.mia/workflows/x.yaml is not a valid workflow`. */
    readonly summary: string,
    readonly diagnostics: Diagnostic[],
  ) {
    const problems = diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    super(`${summary}: ${problems.join('; ')}`);
  }
}

/** The inputs given for a run are missing, unknown or of the wrong type. */
export class InvalidInputsError extends UserError {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export class RunNotFoundError extends UserError {
  constructor(readonly runId: string) {
    super(`no run "${runId}"`);
  }
}

export class StepNotFoundError extends UserError {
  constructor(
    readonly run: RunRecord,
    readonly stepId: string,
  ) {
    super(`run ${run.id} has no step "${stepId}"`);
  }

  /** The run's step ids, in declaration order. */
  get knownSteps(): string[] {
    return this.run.steps.map((s) => s.stepId);
  }
}

/** The run (or its step) is not in a status that allows what was asked. */
export class RunStatusError extends UserError {
  constructor(
    readonly runId: string,
    message: string,
  ) {
    super(message);
  }
}

/** A workflow that has no revision matching the reference given. */
export class RevisionNotFoundError extends UserError {
  constructor(
    readonly workflowName: string,
    readonly ref: string,
  ) {
    super(`${workflowName} has no revision "${ref}"`);
  }
}

/** A workflow that is neither on disk nor has any revision. */
export class WorkflowNotFoundError extends UserError {}

/** A step about to run again whose irreversible effect already happened. */
export interface UnacknowledgedEffect {
  step: string;
  /** The action's words: "merges into the target branch", "deploys". */
  effect: string;
  /** The run where it happened: the re-told run, or the run a rerun took the step over from. */
  ranIn: string;
}

/**
 * A resume, retry or rerun would repeat irreversible effects nobody acknowledged. The
 * adapter says how to acknowledge them (`--yes`, a checkbox naming each effect).
 */
export class IrreversibleEffectsError extends UserError {
  constructor(
    readonly runId: string,
    readonly effects: UnacknowledgedEffect[],
  ) {
    const list = effects.map((e) => `"${e.step}" ${e.effect} (it did in run ${e.ranIn})`);
    super(
      `running again would repeat what already happened: ${list.join('; ')}; nothing was started`,
    );
  }
}

/** A resume, retry or rerun that the run cannot do (a step it lacks, nothing to resume). */
export class RetellingError extends UserError {}

/**
 * The caller may not approve or reject this step: the four-eyes rule, `approvers:`, or a
 * role too low. The adapters answer FORBIDDEN with the reason.
 */
export class DecisionRefusedError extends UserError {
  constructor(
    readonly runId: string,
    readonly stepId: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * A run executed here and now (`arcflow run`) whose concurrency group already has an active
 * run: it would break "one active run per group", and the CLI does not wait in the queue.
 */
export class ConcurrencyGroupBusyError extends UserError {
  constructor(
    readonly group: string,
    readonly activeRunId: string,
  ) {
    super(
      `concurrency group ${group} already has an active run (${activeRunId}), and arcflow run does not wait: wait for it to end, cancel it (arcflow cancel ${activeRunId}), set concurrency.cancel_in_progress: true, or start the run through a runner (arcflow serve, the web app) to queue it`,
    );
  }
}
