import type { RunRecord, StepRecord } from '@arcflow/db';
import {
  type ComparedRun,
  type ComparedStep,
  compareRuns,
  type RunComparison,
  type RunStatus,
} from '@arcflow/engine';
import { UserError } from '../errors.ts';
import type { Session } from '../session/session.ts';
import { unifiedDiff } from '../workflows/unified-diff.ts';
import { RunNotFoundError } from './errors.ts';

/** Succeeded runs looked at (newest first) when picking the green run to compare with. */
const GREEN_CANDIDATES = 50;

/** A run compared has no other green run of its workflow; the caller must name one. */
export class NoGreenRunError extends UserError {
  constructor(
    readonly runId: string,
    readonly workflowName: string,
  ) {
    super(
      `run ${runId} has no earlier green run of ${workflowName} to compare with; name a second run`,
    );
  }
}

/** One of the runs compared, as its header tells it. */
export interface ComparedRunHeader {
  id: string;
  workflow: string;
  status: RunStatus;
  /** The revision the run ran; null for runs recorded before revisions existed. */
  revision: { id: string; shortId: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** From its start to its end; null while it has not started or not ended. */
  durationMs: number | null;
  triggeredBy: string;
}

/**
 * How the second run was chosen:
 * - given: the caller named it
 * - last-green-before: the newest succeeded run of the workflow created before the first
 * - latest-green: there was none before, so the newest succeeded run after it
 */
export type BaselinePick = 'given' | 'last-green-before' | 'latest-green';

export interface CompareResult {
  a: ComparedRunHeader;
  b: ComparedRunHeader;
  picked: BaselinePick;
  /** False when the two runs are of different workflows (allowed, and said in `notes`). */
  sameWorkflow: boolean;
  /** Things worth saying before the table, in plain words. */
  notes: string[];
  comparison: RunComparison;
  /** A unified diff from B's definition YAML to A's; '' when the texts are the same. */
  yamlDiff: string;
}

/**
 * The Retcon view's rules: which runs to compare (by default a run and the last green run of
 * its workflow), and everything the comparison shows — per beat both sides, the first
 * divergence, the definition diff between their revisions. The CLI and the API adapt it.
 */
export class CompareService {
  constructor(private readonly session: Session) {}

  /**
   * Compares run `runA` with `runB`, or, without it, with the newest succeeded run of the
   * same workflow (and workspace) created before it — else after it. `RunNotFoundError` for
   * an unknown run, `NoGreenRunError` when there is no green run to pick.
   */
  async compare(runA: string, runB?: string): Promise<CompareResult> {
    const a = await this.getRun(runA);
    const { run: b, pick: picked } =
      runB === undefined
        ? await this.findGreen(a)
        : { run: await this.getRun(runB), pick: 'given' as const };

    const [headerA, headerB] = await Promise.all([this.header(a), this.header(b)]);
    const sameWorkflow = a.workflowName === b.workflowName;
    const notes: string[] = [];
    if (a.id === b.id) notes.push(`both sides are run ${a.id}`);
    if (!sameWorkflow) {
      notes.push(
        `these runs are of different workflows (${a.workflowName} and ${b.workflowName}): beats are matched by step id`,
      );
    }
    if (a.revisionId !== null && a.revisionId === b.revisionId) {
      notes.push(`both ran the same revision (${headerA.revision?.shortId ?? a.revisionId})`);
    } else if (sameWorkflow && a.definitionHash === b.definitionHash) {
      // The workflow went back to this content in between (a restore): another revision, same text.
      notes.push(`both ran the same definition (${a.definitionHash.slice(0, 8)})`);
    }
    return {
      a: headerA,
      b: headerB,
      picked,
      sameWorkflow,
      notes,
      comparison: compareRuns(comparedRun(a), comparedRun(b)),
      yamlDiff: unifiedDiff(b.definitionYaml, a.definitionYaml, label(headerB), label(headerA)),
    };
  }

  private async getRun(runId: string): Promise<RunRecord> {
    const run = await this.session.store.runs.get(runId);
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }

  private async findGreen(a: RunRecord): Promise<{ run: RunRecord; pick: BaselinePick }> {
    const filter = {
      workflowName: a.workflowName,
      status: 'succeeded' as const,
      limit: GREEN_CANDIDATES,
    };
    const before = await this.sameWorkspace(
      a,
      await this.session.store.runs.list({
        ...filter,
        before: { createdAt: a.createdAt, id: a.id },
      }),
    );
    if (before) return { run: before, pick: 'last-green-before' };
    const latest = await this.sameWorkspace(a, await this.session.store.runs.list(filter));
    if (latest) return { run: latest, pick: 'latest-green' };
    throw new NoGreenRunError(a.id, a.workflowName);
  }

  /** The first of `candidates` (other than `a`) that ran in `a`'s workspace. */
  private async sameWorkspace(
    a: RunRecord,
    candidates: ReadonlyArray<{ id: string }>,
  ): Promise<RunRecord | null> {
    for (const { id } of candidates) {
      if (id === a.id) continue;
      const run = await this.session.store.runs.get(id);
      if (run && run.workspaceDir === a.workspaceDir) return run;
    }
    return null;
  }

  private async header(run: RunRecord): Promise<ComparedRunHeader> {
    const revision =
      run.revisionId === null
        ? null
        : await this.session.store.revisions.get(
            { workspaceDir: run.workspaceDir, workflowName: run.workflowName },
            run.revisionId,
          );
    return {
      id: run.id,
      workflow: run.workflowName,
      status: run.status,
      revision: revision ? { id: revision.id, shortId: revision.shortId } : null,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      durationMs: between(run.startedAt, run.finishedAt),
      triggeredBy: run.triggeredBy,
    };
  }
}

function comparedRun(run: RunRecord): ComparedRun {
  return {
    id: run.id,
    definition: run.definition,
    status: run.status,
    steps: Object.fromEntries(run.steps.map((step) => [step.stepId, comparedStep(step)])),
  };
}

function comparedStep(step: StepRecord): ComparedStep {
  return {
    status: step.status,
    durationMs: between(step.startedAt, step.finishedAt),
    outputs: step.outputs,
    attempts: step.attemptCount,
  };
}

function between(start: Date | null, end: Date | null): number | null {
  return start && end ? end.getTime() - start.getTime() : null;
}

/** `workflow@shortid (run id)`: how the YAML diff names each side. */
function label(run: ComparedRunHeader): string {
  return `${run.workflow}@${run.revision?.shortId ?? 'unrecorded'} (run ${run.id})`;
}
