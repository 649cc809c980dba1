import type { RunRecord } from '@arcflow/db';
import {
  canDecide,
  concurrencyGroup,
  type Eligibility,
  ExpressionError,
  isFinalRunStatus,
  isResumableRunStatus,
  manualEvent,
  type RunStatus,
  type TriggerEvent,
} from '@arcflow/engine';
import { deleteRunArtifacts } from '../artifacts/prune-artifacts.ts';
import { type Actor, actorUserId } from '../identity/actor.ts';
import { refuseUnknownSecrets, storedSecretNames } from '../identity/secret-names.ts';
import { labelsNeeded } from '../pools/labels.ts';
import { executeRun } from '../runs/execute-run.ts';
import { isOrphaned } from '../runs/orphans.ts';
import type { Session } from '../session/session.ts';
import { audit, runTarget } from './audit.ts';
import { groupBusyReason, groupHolder, supersedeOlderRuns } from './concurrency.ts';
import { decisionRulesOf } from './decision-rules.ts';
import {
  ConcurrencyGroupBusyError,
  DecisionRefusedError,
  InvalidInputsError,
  RunNotFoundError,
  RunStatusError,
  StepNotFoundError,
} from './errors.ts';
import { type PreparedRun, prepareRun } from './prepare-run.ts';
import {
  type Acknowledgement,
  type RetellingPreview,
  type RetellRequest,
  RetellService,
} from './retell-service.ts';
import { RevisionService } from './revision-service.ts';

/** Who executes the runs this service starts and resumes. */
export type RunExecution =
  /**
   * The worker loops (this runner's, or any other's sharing the database) claim them;
   * `wake` tells this runner's loop that there is work (`arcflow serve`).
   */
  | { by: 'workers'; wake: () => void }
  /** This process executes them itself, holding their lease from the start (the CLI). */
  | { by: 'this-process'; runnerId: string };

export interface StartRunInput {
  /** A workflow name (workspace or template) or a path inside the workspace. */
  workflow: string;
  inputs?: Record<string, unknown>;
  /** Through what it was started, e.g. `api`, `cli` (who: the actor). */
  triggeredBy: string;
  /** Run steps with `cache:` even when their result could be restored (`--no-cache`). */
  noCache?: boolean;
}

export interface StartOptions {
  /**
   * What started the run (a push, a schedule tick, a webhook…): kept with the run, read by
   * steps as `${{ event.* }}`, evaluated into its concurrency group and told as its inciting
   * incident. Absent: a run started by hand by the actor (`manualEvent(actor.name)`).
   */
  event?: TriggerEvent;
  /** Sub-workflows: the run and its `uses:` step this run is the child of. */
  parent?: { runId: string; stepId: string };
  /** Run steps with `cache:` even when their result could be restored (`--no-cache`). */
  noCache?: boolean;
}

export interface ResumeResult {
  /** The run as it was when its resume was accepted. */
  run: RunRecord;
  /**
   * The run had lost its runner (a crash, a lost database): its unfinished steps were
   * canceled here first, so that they run again with the rest. Only with `this-process`.
   */
  recoveredOrphan: boolean;
}

export interface RetellResult {
  /** The run that goes on: the same one, or the new one a rerun started. */
  run: RunRecord;
  /** The preview it acted on. */
  preview: RetellingPreview;
  /** How the caller executes it with `this-process` (`executeRun(session, run, how)`). */
  how: 'start' | 'resume';
  /** The run had lost its runner and was canceled here first (see `ResumeResult`). */
  recoveredOrphan: boolean;
}

export type CancelResult =
  /** Recorded: the runner executing the run stops it (or, with `workers`, whoever claims it). */
  | { outcome: 'requested'; run: RunRecord }
  /** Its runner was gone, so it was canceled here and has ended (only with `this-process`). */
  | { outcome: 'canceled-here'; run: RunRecord; status: RunStatus };

export interface Decision {
  runId: string;
  stepId: string;
  decision: 'approve' | 'reject';
  comment?: string;
}

export interface RecordedDecision extends Decision {
  /** The display name of whoever decided (the actor). */
  by: string;
  /** The step's attempt the decision applies to. */
  attempt: number;
}

/**
 * The one place for the rules of acting on a run — start, resume, cancel, approve, reject —
 * and for their messages. The CLI and the tRPC API are adapters: they parse input, call
 * this service with who acts (`Actor`) and render its result or its error (see `errors.ts`).
 * Who may decide a step is enforced here (`decide`), and every action is audited here.
 */
export class RunService {
  /** Records the revision each started run is pinned to. */
  readonly revisions: RevisionService;
  private readonly retelling: RetellService;

  constructor(
    private readonly session: Session,
    private readonly execution: RunExecution,
  ) {
    this.revisions = new RevisionService(session);
    this.retelling = new RetellService(
      session,
      this.revisions,
      execution.by === 'this-process' ? execution.runnerId : null,
    );
  }

  /** The run with its steps; `RunNotFoundError` when there is none. */
  async getRun(runId: string): Promise<RunRecord> {
    const run = await this.session.store.runs.get(runId);
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }

  /** Validates the workflow and the inputs, then records the run (see `startPrepared`). */
  startRun(input: StartRunInput, actor: Actor): Promise<RunRecord> {
    const prepared = prepareRun(this.session.workspaceDir, input.workflow, input.inputs);
    return this.startPrepared(prepared, input.triggeredBy, actor, {
      ...(input.noCache ? { noCache: true } : {}),
    });
  }

  /**
   * Records a new queued run of a workflow `prepareRun` accepted. With `workers`, a worker
   * claims it; with `this-process`, it is leased to this process, which executes it.
   */
  async startPrepared(
    prepared: PreparedRun,
    triggeredBy: string,
    actor: Actor,
    options: StartOptions = {},
  ): Promise<RunRecord> {
    const { source, definition, inputs } = prepared;
    // Without a trigger event the run is started by hand, and its story says by whom.
    const event = options.event ?? manualEvent(actor.name);
    const { store, workspaceDir } = this.session;
    await refuseUnknownSecrets(prepared, storedSecretNames(store.secrets, workspaceDir));
    const group = groupOf(prepared, event);
    const cancelInProgress = definition.concurrency?.cancelInProgress === true;
    const holder = group && !cancelInProgress ? await groupHolder(this.session, group) : undefined;
    if (holder && this.execution.by === 'this-process') {
      throw new ConcurrencyGroupBusyError(holder.group, holder.runId);
    }
    // Pinned to the revision of the content it runs (recorded now if it is new).
    const { revision } = await this.revisions.record(
      definition.name,
      source.text,
      undefined,
      actor,
    );
    const run = await this.session.store.runs.create({
      workflowName: definition.name,
      workflowFile: source.absolutePath,
      workspaceDir: this.session.workspaceDir,
      definitionYaml: source.text,
      definition,
      inputs,
      triggeredBy,
      ...(actorUserId(actor) ? { startedByUserId: actorUserId(actor) } : {}),
      revisionId: revision.id,
      event: event as unknown as Record<string, unknown>,
      ...(group ? { concurrencyGroup: group } : {}),
      runsOn: labelsNeeded(definition),
      ...(holder ? { queuedReason: groupBusyReason(holder) } : {}),
      ...(options.parent ? { parent: options.parent } : {}),
      ...(options.noCache ? { noCache: true } : {}),
      ...(this.execution.by === 'this-process'
        ? // leased from the start: a runner service sharing the database must not claim it
          { lease: { owner: this.execution.runnerId, ttlMs: this.session.env.ARCFLOW_LEASE_MS } }
        : {}),
    });
    await audit(this.session, actor, 'run.start', runTarget(run.id), {
      workflow: run.workflowName,
      revision: revision.shortId,
      ...(options.parent
        ? { parentRun: options.parent.runId, parentStep: options.parent.stepId }
        : {}),
    });
    if (cancelInProgress) await supersedeOlderRuns(this.session, run, event, actor);
    this.wakeWorkers();
    return run;
  }

  /**
   * Accepts resuming a failed or canceled run: only what did not succeed runs again, as
   * new attempts. With `workers`, the resume is recorded for a worker to claim; with
   * `this-process`, the caller executes the returned run with `executeRun(…, 'resume')`.
   */
  async resumeRun(runId: string, actor: Actor): Promise<ResumeResult> {
    const recoveredOrphan = await this.recoverOrphan(runId);
    const run = await this.getRun(runId);
    if (!isResumableRunStatus(run.status)) {
      throw new RunStatusError(run.id, this.notResumable(run));
    }
    if (this.execution.by === 'this-process') {
      // A re-telling asked for earlier and never begun would otherwise begin instead.
      await this.session.store.runs.dropRetelling(run.id);
    } else {
      if (!(await this.session.store.runs.requestResume(run.id, new Date()))) {
        throw new RunStatusError(
          run.id,
          `run ${run.id} changed while resuming it; look at it again`,
        );
      }
      this.wakeWorkers();
    }
    await audit(this.session, actor, 'run.resume', runTarget(run.id), { from: run.status });
    return { run, recoveredOrphan };
  }

  /**
   * The resolution preview of a resume, retry or rerun: what will run, in order, why, what
   * keeps its result, and which irreversible effects would happen again. Starts nothing.
   */
  async previewRetelling(request: RetellRequest): Promise<RetellingPreview> {
    await this.recoverOrphan(request.runId);
    return this.retelling.preview(request);
  }

  /**
   * Does what `previewRetelling` shows, once every irreversible effect it would repeat is
   * acknowledged (else `IrreversibleEffectsError`). A plain resume (or a resume on a
   * definition that has not changed) is `resumeRun`. With `this-process`, the caller executes
   * the returned run with `executeRun(…, how)`.
   */
  async retell(
    request: RetellRequest,
    options: { acknowledged: Acknowledgement; by: string; noCache?: boolean },
    actor: Actor,
  ): Promise<RetellResult> {
    const recoveredOrphan = await this.recoverOrphan(request.runId);
    // A resume or retry goes on with the same run: the choice is stored with it for this telling.
    if (request.kind !== 'rerun') {
      await this.session.store.runs.setNoCache(request.runId, options.noCache === true);
    }
    if (request.kind === 'resume') {
      const preview = await this.retelling.preview(request);
      if (preview.switchTo === null) {
        const { run } = await this.resumeRun(request.runId, actor);
        return { run, preview, how: 'resume', recoveredOrphan };
      }
    }
    const userId = actorUserId(actor);
    const { run, preview } = await this.retelling.retell(request, {
      ...options,
      ...(userId ? { startedByUserId: userId } : {}),
    });
    await audit(this.session, actor, `run.${request.kind}`, runTarget(run.id), {
      ...(run.id === request.runId ? {} : { from: request.runId }),
      ...(request.kind === 'retry' ? { step: request.step } : {}),
      steps: preview.plan.run,
    });
    this.wakeWorkers();
    return { run, preview, how: preview.newRun ? 'start' : 'resume', recoveredOrphan };
  }

  /**
   * Asks for a run that has not ended to stop: pending steps are canceled, running ones
   * aborted by the runner executing them. With `this-process`, a run whose runner is gone
   * is canceled here at once.
   */
  async cancelRun(runId: string, actor: Actor): Promise<CancelResult> {
    const run = await this.getRun(runId);
    if (isFinalRunStatus(run.status)) {
      throw new RunStatusError(
        run.id,
        `run ${run.id} already ended (${run.status}); nothing to cancel`,
      );
    }
    await audit(this.session, actor, 'run.cancel', runTarget(run.id), { from: run.status });
    if (this.execution.by === 'this-process' && isOrphaned(run)) {
      const final = await executeRun(this.session, run, 'cancel', {
        runnerId: this.execution.runnerId,
      });
      return { outcome: 'canceled-here', run, status: final.status };
    }
    await this.session.store.runs.requestCancel(run.id, new Date());
    this.wakeWorkers();
    return { outcome: 'requested', run };
  }

  /**
   * Deletes a run that has ended, with its events, logs and artifacts (rows and blobs).
   * An active run (queued, running, or still leased) is refused: cancel it first.
   */
  async deleteRun(runId: string, actor: Actor): Promise<{ runId: string; artifacts: number }> {
    const run = await this.getRun(runId);
    const active = `run ${run.id} is ${run.status}; cancel it and wait for it to end before deleting it`;
    if (!isFinalRunStatus(run.status)) throw new RunStatusError(run.id, active);
    if (!(await this.session.store.runs.deleteFinished(run.id))) {
      throw new RunStatusError(run.id, active);
    }
    const artifacts = await deleteRunArtifacts(this.session.blobs.artifacts, run.id);
    await audit(this.session, actor, 'run.delete', runTarget(run.id), {
      workflow: run.workflowName,
      status: run.status,
      artifacts,
    });
    return { runId: run.id, artifacts };
  }

  /**
   * Records `actor`'s approval or rejection of a ceremony step that is waiting for one — the
   * one place that enforces who may decide (`canDecide` on the rules in the run's definition
   * snapshot). A refusal is a `DecisionRefusedError`, and is audited too.
   */
  async decide(decision: Decision, actor: Actor): Promise<RecordedDecision> {
    const { run, step } = await this.waitingStep(decision.runId, decision.stepId);
    const verdict = this.eligibility(run, step.stepId, actor);
    const details = { step: step.stepId, attempt: step.attemptCount, decision: decision.decision };
    if (!verdict.ok) {
      await audit(this.session, actor, 'step.decision_refused', runTarget(run.id), {
        ...details,
        reason: verdict.reason,
      });
      throw new DecisionRefusedError(run.id, step.stepId, verdict.reason);
    }
    const userId = actorUserId(actor) ?? null;
    await this.session.store.decisions.record({
      runId: run.id,
      stepId: step.stepId,
      attempt: step.attemptCount,
      decision: decision.decision,
      by: actor.name,
      userId,
      comment: decision.comment ?? null,
      at: new Date(),
    });
    await audit(this.session, actor, `step.${decision.decision}`, runTarget(run.id), {
      ...details,
      ...(decision.comment ? { comment: decision.comment } : {}),
    });
    return { ...decision, runId: run.id, by: actor.name, attempt: step.attemptCount };
  }

  /**
   * Whether `actor` may decide the step now: `{ ok: false, reason }` when the step is not
   * waiting or the rules refuse them (what `decide` would say), without recording anything.
   */
  async canDecide(runId: string, stepId: string, actor: Actor): Promise<Eligibility> {
    const run = await this.getRun(runId);
    const step = run.steps.find((s) => s.stepId === stepId);
    if (!step) throw new StepNotFoundError(run, stepId);
    if (step.status !== 'waiting') {
      return { ok: false, reason: notWaiting(run, stepId, step.status) };
    }
    return this.eligibility(run, stepId, actor);
  }

  private async waitingStep(runId: string, stepId: string) {
    const run = await this.getRun(runId);
    const step = run.steps.find((s) => s.stepId === stepId);
    if (!step) throw new StepNotFoundError(run, stepId);
    if (step.status !== 'waiting') {
      throw new RunStatusError(run.id, notWaiting(run, stepId, step.status));
    }
    return { run, step };
  }

  /**
   * The rules of the step applied to `actor`. The local person (local mode, or the CLI on
   * this machine) is the only person there is: the four-eyes rule and `approvers:` need
   * signed-in people to mean anything, so they are not checked for them.
   */
  private eligibility(run: RunRecord, stepId: string, actor: Actor): Eligibility {
    const rules = decisionRulesOf(run, stepId);
    if (!rules) {
      return {
        ok: false,
        reason: `step "${stepId}" of run ${run.id} does not say who may decide it; nobody can`,
      };
    }
    if (actor.kind === 'local') return { ok: true };
    return canDecide(
      {
        approvers: rules.approvers,
        fourEyes: rules.fourEyes,
        startedByUserId: run.startedByUserId,
      },
      { userId: actor.userId, username: actor.username, role: actor.role },
    );
  }

  /**
   * With `this-process`, a run whose runner is gone is canceled here, so that a resume or
   * re-telling finds it ended (both do this themselves). True when that happened.
   */
  async recoverOrphan(runId: string): Promise<boolean> {
    if (this.execution.by !== 'this-process') return false;
    const run = await this.getRun(runId);
    if (!isOrphaned(run)) return false;
    await executeRun(this.session, run, 'cancel', { runnerId: this.execution.runnerId });
    return true;
  }

  private notResumable(run: RunRecord): string {
    if (run.status === 'succeeded')
      return `run ${run.id} already succeeded; there is nothing to resume`;
    // Executing here, a run that has not ended and is not orphaned is another runner's.
    const where =
      this.execution.by === 'this-process'
        ? ` in another runner (${run.leaseOwner ?? 'unknown'})`
        : '';
    return `run ${run.id} is ${run.status}${where}; only failed or canceled runs can be resumed`;
  }

  private wakeWorkers(): void {
    if (this.execution.by === 'workers') this.execution.wake();
  }
}

/** The run's evaluated `concurrency.group`; a group that cannot be evaluated starts nothing. */
function groupOf(prepared: PreparedRun, event: TriggerEvent | undefined): string | undefined {
  try {
    return concurrencyGroup(prepared.definition, event, prepared.inputs);
  } catch (error) {
    if (error instanceof ExpressionError) {
      throw new InvalidInputsError([`concurrency.group: ${error.message}`]);
    }
    throw error;
  }
}

function notWaiting(run: RunRecord, stepId: string, status: string): string {
  return `step "${stepId}" of run ${run.id} is ${status}, not waiting for a decision`;
}
