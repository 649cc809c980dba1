import { createHash } from 'node:crypto';
import { REVISION_SHORT_ID_LENGTH, type RetellingOrder, type RunRecord } from '@arcflow/db';
import {
  builtinActionSpecs,
  carryExpansions,
  type DefinitionDiff,
  diffDefinitions,
  isFinalRunStatus,
  isResumableRunStatus,
  planRetelling,
  type RetellingPlan,
  type RetellingRequest,
  RetellingRequestError,
  resolveRunInputs,
  type SkipReason,
  type StepStatus,
  type Telling,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { labelsNeeded } from '../pools/labels.ts';
import type { Session } from '../session/session.ts';
import { loadWorkflow } from '../workflows/load.ts';
import {
  InvalidInputsError,
  InvalidWorkflowError,
  IrreversibleEffectsError,
  RetellingError,
  RunNotFoundError,
  RunStatusError,
} from './errors.ts';
import type { RevisionService } from './revision-service.ts';

/**
 * What is asked of a recorded run:
 * - resume: the same run goes on; with `latest`, on the workflow's current definition
 * - retry: the same run tells `step` again (with `downstream`, everything after it too)
 * - rerun: a new run re-telling this one from `from`, or `only` some steps, or whole; with
 *   `latest`, on the current definition
 */
export type RetellRequest =
  | { kind: 'resume'; runId: string; latest: boolean }
  | { kind: 'retry'; runId: string; step: string; downstream: boolean }
  | { kind: 'rerun'; runId: string; from?: string; only?: string[]; latest: boolean };

/** The definition a re-telling switches to: the workflow as it is now, against the run's. */
export interface DefinitionSwitch {
  /** The current content, validated. */
  yaml: string;
  definition: WorkflowDefinition;
  /** Its revision's short id (recorded when the re-telling goes ahead). */
  shortId: string;
  /** The run's revision's short id. */
  fromShortId: string;
  diff: DefinitionDiff;
  /** The run's inputs as the new definition reads them. */
  inputs: Record<string, unknown>;
}

/** The resolution preview: what a resume, retry or rerun will do, before it does it. */
export interface RetellingPreview {
  request: RetellRequest;
  /** The recorded run. */
  run: RunRecord;
  plan: RetellingPlan;
  /** What the steps will run with. */
  definition: WorkflowDefinition;
  /** Set when the re-telling goes on with the current definition (`latest`) and it differs. */
  switchTo: DefinitionSwitch | null;
  /** A rerun starts a new run; the others go on in the same one. */
  newRun: boolean;
}

/** Which irreversible effects the person acknowledged: all of them (`--yes`) or these steps. */
export type Acknowledgement = 'all' | readonly string[];

const shortIdOf = (yaml: string) =>
  createHash('sha256').update(yaml).digest('hex').slice(0, REVISION_SHORT_ID_LENGTH);

/**
 * The rules of re-telling a recorded run — resume (on its definition or the current one),
 * retry a step, rerun into a new run — with the resolution preview they all show first, and
 * the acknowledgement irreversible effects need. Adapters call `preview`, show it, then `retell`.
 */
export class RetellService {
  constructor(
    private readonly session: Session,
    private readonly revisions: RevisionService,
    /** Set when this process executes what it re-tells (the CLI): reruns are leased to it. */
    private readonly runnerId: string | null,
  ) {}

  /** What `request` will do, validated; throws the error `retell` would, and starts nothing. */
  async preview(request: RetellRequest): Promise<RetellingPreview> {
    const run = await this.session.store.runs.get(request.runId);
    if (!run) throw new RunNotFoundError(request.runId);
    this.checkStatus(run, request);
    const switchTo = request.kind === 'retry' || !request.latest ? null : this.currentOf(run);
    const definition = switchTo?.definition ?? run.definition;
    const plan = this.plan(run, definition, request, switchTo?.diff);
    return { request, run, plan, definition, switchTo, newRun: request.kind === 'rerun' };
  }

  /**
   * Does what `preview` showed. Refuses (`IrreversibleEffectsError`) while an irreversible
   * effect that already happened would happen again unacknowledged. Returns the run that
   * goes on — the same one, or the new one for a rerun — with the preview it acted on.
   * Without a `runnerId` a worker claims it; with one, the caller executes it (`executeRun`).
   */
  async retell(
    request: RetellRequest,
    options: {
      acknowledged: Acknowledgement;
      by: string;
      /** The signed-in user who asks (team mode): a rerun is theirs, for the four-eyes rule. */
      startedByUserId?: string;
      /** Run steps with `cache:` even when their result could be restored (`--no-cache`). */
      noCache?: boolean;
    },
  ): Promise<{ run: RunRecord; preview: RetellingPreview }> {
    const preview = await this.preview(request);
    const { run, plan, switchTo } = preview;
    const unacknowledged = plan.irreversible
      .filter(
        (effect) => options.acknowledged !== 'all' && !options.acknowledged.includes(effect.step),
      )
      .map((effect) => ({ ...effect, ranIn: ranIn(run, effect.step) }));
    if (unacknowledged.length > 0) throw new IrreversibleEffectsError(run.id, unacknowledged);

    const revision = switchTo
      ? (await this.revisions.record(run.workflowName, switchTo.yaml)).revision
      : null;
    const telling = this.telling(preview);
    const order: RetellingOrder = {
      steps: plan.run,
      telling,
      ...(switchTo && revision
        ? {
            switchTo: {
              revisionId: revision.id,
              definitionYaml: switchTo.yaml,
              definition: switchTo.definition,
              inputs: switchTo.inputs,
            },
          }
        : {}),
    };

    if (request.kind === 'rerun') {
      const created = await this.startRerun(run, preview, order, options, revision?.id);
      return { run: created, preview };
    }
    const accepted = await this.session.store.runs.requestRetelling(run.id, order, {
      queue: this.runnerId === null,
      at: new Date(),
      definitionHash: run.definitionHash,
    });
    if (!accepted) {
      throw new RunStatusError(
        run.id,
        `run ${run.id} changed while re-telling it; look at it again`,
      );
    }
    return { run, preview };
  }

  private async startRerun(
    original: RunRecord,
    preview: RetellingPreview,
    order: RetellingOrder,
    by: { by: string; startedByUserId?: string; noCache?: boolean },
    revisionId: string | undefined,
  ): Promise<RunRecord> {
    const { plan, switchTo, definition } = preview;
    const recorded = new Map(original.steps.map((step) => [step.stepId, step]));
    const kept = plan.keep.flatMap((id) => {
      const step = recorded.get(id);
      return step
        ? [
            {
              stepId: id,
              status: step.status,
              outputs: step.outputs,
              startedAt: step.startedAt,
              finishedAt: step.finishedAt,
              skipReason: step.skipReason,
            },
          ]
        : [];
    });
    const runnerId = this.runnerId;
    return this.session.store.runs.create({
      workflowName: original.workflowName,
      ...(original.workflowFile ? { workflowFile: original.workflowFile } : {}),
      workspaceDir: original.workspaceDir,
      definitionYaml: switchTo?.yaml ?? original.definitionYaml,
      definition,
      inputs: switchTo?.inputs ?? original.inputs,
      triggeredBy: by.by,
      ...(by.startedByUserId ? { startedByUserId: by.startedByUserId } : {}),
      ...((revisionId ?? original.revisionId)
        ? { revisionId: revisionId ?? original.revisionId! }
        : {}),
      ...(runnerId ? { lease: { owner: runnerId, ttlMs: this.session.env.ARCFLOW_LEASE_MS } } : {}),
      // A rerun tells the same story: what started the parent starts it, in the same group.
      ...(original.event ? { event: original.event } : {}),
      ...(original.concurrencyGroup ? { concurrencyGroup: original.concurrencyGroup } : {}),
      runsOn: labelsNeeded(definition),
      ...(by.noCache ? { noCache: true } : {}),
      retold: { fromRunId: original.id, telling: order.telling, kept, order },
    });
  }

  private checkStatus(run: RunRecord, request: RetellRequest): void {
    if (!isFinalRunStatus(run.status)) {
      const verb =
        request.kind === 'resume' ? 'resumed' : request.kind === 'retry' ? 'retried' : 'rerun';
      throw new RunStatusError(
        run.id,
        `run ${run.id} is still ${run.status}; it can be ${verb} once it ends (wait for it, or cancel it with arcflow cancel ${run.id})`,
      );
    }
    if (request.kind === 'resume' && !isResumableRunStatus(run.status)) {
      throw new RunStatusError(
        run.id,
        `run ${run.id} already succeeded; there is nothing to resume (rerun it, or retry a step)`,
      );
    }
  }

  /** The workflow's current definition, validated, if it differs from the run's. */
  private currentOf(run: RunRecord): DefinitionSwitch | null {
    const loaded = loadWorkflow(run.workflowName, run.workspaceDir);
    const { diagnostics, source } = loaded;
    if (source.text === run.definitionYaml) return null;
    // The run's for_each steps keep the instances they had: the plan compares them too.
    const definition = loaded.definition && carryExpansions(run.definition, loaded.definition);
    if (!definition) {
      throw new InvalidWorkflowError(
        `${source.displayPath} is not a valid workflow, so the run cannot go on with it; fix it first`,
        diagnostics,
      );
    }
    const declared = new Set(definition.inputs.map((input) => input.name));
    const given = Object.fromEntries(
      Object.entries(run.inputs).filter(([name]) => declared.has(name)),
    );
    const inputs = resolveRunInputs(definition, given);
    if ('errors' in inputs) throw new InvalidInputsError(inputs.errors);
    return {
      yaml: source.text,
      definition,
      shortId: shortIdOf(source.text),
      fromShortId: run.definitionHash.slice(0, REVISION_SHORT_ID_LENGTH),
      diff: diffDefinitions(run.definition, definition),
      inputs: inputs.values,
    };
  }

  private plan(
    run: RunRecord,
    definition: WorkflowDefinition,
    request: RetellRequest,
    diff: DefinitionDiff | undefined,
  ): RetellingPlan {
    const recorded: Record<string, StepStatus> = {};
    const skipReasons: Record<string, SkipReason> = {};
    for (const step of run.steps) {
      recorded[step.stepId] = step.status;
      if (step.skipReason) skipReasons[step.stepId] = step.skipReason;
    }
    const asked: RetellingRequest =
      request.kind === 'resume'
        ? { kind: 'resume-latest', diff: diff ?? diffDefinitions(run.definition, definition) }
        : request.kind === 'retry'
          ? { kind: 'retry', step: request.step, downstream: request.downstream }
          : {
              kind: 'rerun',
              ...(request.from !== undefined ? { from: request.from } : {}),
              ...(request.only !== undefined ? { only: request.only } : {}),
              ...(diff ? { diff } : {}),
            };
    try {
      return planRetelling(definition, recorded, asked, {
        actions: builtinActionSpecs,
        skipReasons,
      });
    } catch (error) {
      if (error instanceof RetellingRequestError) {
        throw new RetellingError(`run ${run.id}: ${error.message}`, 2, { cause: error });
      }
      throw error;
    }
  }

  private telling({ request, run, plan, switchTo }: RetellingPreview): Telling {
    switch (request.kind) {
      case 'resume': {
        const steps = switchTo?.diff.steps ?? [];
        const of = (kind: string) => steps.filter((s) => s.kind === kind).map((s) => s.step);
        return {
          kind: 'resume-latest',
          fromRevision: run.definitionHash.slice(0, REVISION_SHORT_ID_LENGTH),
          toRevision: switchTo?.shortId ?? run.definitionHash.slice(0, REVISION_SHORT_ID_LENGTH),
          changeCount: switchTo?.diff.changeCount ?? 0,
          changed: of('changed'),
          added: of('added'),
          removed: of('removed'),
        };
      }
      case 'retry':
        return { kind: 'retry', step: request.step, downstream: request.downstream };
      case 'rerun':
        return {
          kind: 'rerun',
          fromRun: run.id,
          ...(request.from !== undefined ? { from: request.from } : {}),
          ...(request.only !== undefined ? { only: request.only } : {}),
          latest: switchTo !== null,
          kept: plan.keep.length,
        };
      default: {
        const _never: never = request;
        return _never;
      }
    }
  }
}

/** Where a recorded step's effect happened: this run, or the run a rerun took it over from. */
export function ranIn(run: RunRecord, stepId: string): string {
  return run.steps.find((step) => step.stepId === stepId)?.reusedFromRunId ?? run.id;
}
