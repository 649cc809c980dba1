import { createHash } from 'node:crypto';
import { FINAL_RUN_STATUSES, STEP_STATUSES, type StepStatus } from '@arcflow/engine';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { parseColumn, supersessionSchema } from './json-columns.ts';
import { toRunRecord } from './mappers.ts';
import { clamp, json } from './query-helpers.ts';
import { notifyQueue } from './queue.ts';
import type {
  CancelRequest,
  ChildRunSummary,
  CreateRunInput,
  ListRunsFilter,
  RetellingOrder,
  RunOverview,
  RunRecord,
  RunSummary,
  Supersession,
} from './records.ts';
import { insertRunSteps, writeRunDefinition } from './run-creation.ts';
import { newRunId } from './run-id.ts';
import { readRunOverview } from './run-overview.ts';
import { notifyRunSignal } from './run-signals.ts';

const STEPS_WITH_ATTEMPTS = {
  steps: {
    orderBy: { position: 'asc' },
    include: { attemptHistory: { orderBy: { number: 'asc' } } },
  },
} as const satisfies Prisma.RunInclude;

/**
 * Runs with their steps and attempts: creating and reading them, and the requests people make
 * of a run (cancel, resume) that a runner picks up. Transitions are written by `EventLog.commit`.
 */
export class Runs {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a queued run with one pending step per step of the definition. */
  async create(input: CreateRunInput): Promise<RunRecord> {
    const definitionHash = createHash('sha256').update(input.definitionYaml).digest('hex');
    for (let tries = 1; ; tries++) {
      try {
        const row = await this.prisma.$transaction(
          async (tx) => {
            const { id } = await tx.run.create({
              data: {
                id: newRunId(),
                workflowName: input.workflowName,
                workflowFile: input.workflowFile ?? null,
                workspaceDir: input.workspaceDir,
                // written below, as SQL text: see run-creation.ts
                definitionYaml: '',
                definitionHash,
                definition: {},
                inputs: json(input.inputs ?? {}),
                status: 'queued',
                triggeredBy: input.triggeredBy,
                startedByUserId: input.startedByUserId ?? null,
                revisionId: input.revisionId ?? null,
                ...(input.event && { event: json(input.event) }),
                concurrencyGroup: input.concurrencyGroup ?? null,
                runsOn: [...(input.runsOn ?? [])],
                queuedReason: input.queuedReason ?? null,
                noCache: input.noCache === true,
                ...(input.retold
                  ? {
                      retoldFromRunId: input.retold.fromRunId,
                      retelling: json(input.retold.telling),
                      resumeRequest: json(input.retold.order),
                    }
                  : {}),
                ...(input.parent
                  ? { parentRunId: input.parent.runId, parentStepId: input.parent.stepId }
                  : {}),
                ...(input.lease
                  ? {
                      leaseOwner: input.lease.owner,
                      leaseExpiresAt: new Date(Date.now() + input.lease.ttlMs),
                    }
                  : {}),
              },
              select: { id: true },
            });
            await writeRunDefinition(tx, id, input);
            await insertRunSteps(tx, id, input);
            // read back without the definition: the caller's is the same, parsed already
            return tx.run.findUniqueOrThrow({
              where: { id },
              include: STEPS_WITH_ATTEMPTS,
              omit: { definition: true, definitionYaml: true },
            });
          },
          { maxWait: 10_000, timeout: 60_000 },
        );
        if (!input.lease) await notifyQueue(this.prisma);
        return toRunRecord(row, input);
      } catch (error) {
        // A duplicate random id: astronomically rare, so just draw another.
        const duplicateId =
          error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
        if (!duplicateId || tries >= 3) throw error;
      }
    }
  }

  /** The run with its steps (declaration order) and their attempts, or null. */
  async get(id: string): Promise<RunRecord | null> {
    const row = await this.prisma.run.findUnique({ where: { id }, include: STEPS_WITH_ATTEMPTS });
    return row ? toRunRecord(row) : null;
  }

  /**
   * The run as its page first paints it, or null: the run without its definition, and each
   * step summarised (see `readRunOverview`). `get` reads everything.
   */
  overview(id: string): Promise<RunOverview | null> {
    return readRunOverview(this.prisma, id);
  }

  /** Runs, newest first, with step counts; page with `before` (the last summary seen). */
  async list(filter: ListRunsFilter = {}): Promise<RunSummary[]> {
    const { before } = filter;
    const rows = await this.prisma.run.findMany({
      where: {
        workflowName: filter.workflowName,
        status: filter.status,
        ...(before && {
          OR: [
            { createdAt: { lt: before.createdAt } },
            { createdAt: before.createdAt, id: { lt: before.id } },
          ],
        }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: clamp(filter.limit, 50, 500),
      select: {
        id: true,
        workflowName: true,
        status: true,
        createdAt: true,
        startedAt: true,
        finishedAt: true,
        triggeredBy: true,
        concurrencyGroup: true,
        runsOn: true,
        queuedReason: true,
        parentRunId: true,
      },
    });
    if (rows.length === 0) return [];
    const counts = await this.prisma.stepRun.groupBy({
      by: ['runId', 'status'],
      // steps cut from the story when the run went on with a newer definition are not counted
      where: { runId: { in: rows.map((row) => row.id) }, removedAt: null },
      _count: { _all: true },
    });
    const byRun = new Map<string, Record<StepStatus, number>>();
    for (const row of rows) {
      byRun.set(
        row.id,
        Object.fromEntries(STEP_STATUSES.map((s) => [s, 0])) as Record<StepStatus, number>,
      );
    }
    for (const count of counts) {
      const stepCounts = byRun.get(count.runId);
      if (stepCounts) stepCounts[count.status as StepStatus] = count._count._all;
    }
    return rows.map((row) => ({
      ...row,
      status: row.status as RunSummary['status'],
      stepCounts: byRun.get(row.id)!,
    }));
  }

  /**
   * Records that someone asked to cancel the run (the first request's time is kept), and with
   * `supersededBy` that a newer run of its group replaces it (kept only with the first request).
   * Returns false when the run does not exist or has already finished.
   */
  async requestCancel(runId: string, at: Date, supersededBy?: Supersession): Promise<boolean> {
    const superseded = supersededBy ? JSON.stringify(supersededBy) : null;
    const count = await this.prisma.$executeRaw`
      UPDATE "runs" SET
        "superseded_by" = CASE WHEN "cancel_requested_at" IS NULL THEN ${superseded}::jsonb
          ELSE "superseded_by" END,
        "cancel_requested_at" = COALESCE("cancel_requested_at", ${at}), "updated_at" = now()
      WHERE "id" = ${runId} AND "status" NOT IN (${Prisma.join(FINAL_RUN_STATUSES)})`;
    if (count > 0) {
      // The runner executing it stops it now; a queued run that waits for its group or a
      // slot can be claimed just to end it.
      await notifyRunSignal(this.prisma, 'cancel', runId);
      await notifyQueue(this.prisma);
    }
    return count > 0;
  }

  async cancelRequested(runId: string): Promise<boolean> {
    return (await this.cancelRequest(runId)) !== null;
  }

  /** The cancel request the run's runner has not carried out yet, or null. */
  async cancelRequest(runId: string): Promise<CancelRequest | null> {
    const row = await this.prisma.run.findUnique({
      where: { id: runId },
      select: { id: true, cancelRequestedAt: true, supersededBy: true },
    });
    if (!row?.cancelRequestedAt) return null;
    return {
      at: row.cancelRequestedAt,
      supersededBy: parseColumn(
        supersessionSchema.nullable(),
        row.supersededBy,
        row.id,
        'runs.superseded_by',
      ),
    };
  }

  /**
   * Asks for a failed or canceled run to be resumed by whichever runner claims it
   * (`Leases.claim`); a re-telling asked for earlier and never begun is dropped. False when
   * the run does not exist or is not failed or canceled.
   */
  async requestResume(runId: string, at: Date): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "runs" SET "resume_requested_at" = ${at}, "resume_request" = NULL
      WHERE "id" = ${runId} AND "status" IN ('failed', 'canceled')`;
    if (count > 0) await notifyQueue(this.prisma);
    return count > 0;
  }

  /** Forgets a re-telling asked for and never begun (a plain resume replaces it). */
  async dropRetelling(runId: string): Promise<void> {
    await this.prisma.run.updateMany({
      where: { id: runId, resumeRequest: { not: Prisma.DbNull } },
      data: { resumeRequest: Prisma.DbNull },
    });
  }

  /**
   * Records a re-telling of a run that has ended (`order`), for the runner that executes it
   * next. With `queue`, any runner may claim it (`Leases.claim`); without, the caller
   * executes the run itself. False when the run has not ended, another runner holds it, or
   * its definition changed since `definitionHash` (someone else re-told it first).
   */
  async requestRetelling(
    runId: string,
    order: RetellingOrder,
    options: { queue: boolean; at: Date; definitionHash: string },
  ): Promise<boolean> {
    const queuedAt = options.queue ? options.at : null;
    const count = await this.prisma.$executeRaw`
      UPDATE "runs" SET "resume_request" = ${JSON.stringify(order)}::jsonb,
        "resume_requested_at" = ${queuedAt}::timestamptz, "updated_at" = now()
      WHERE "id" = ${runId}
        AND "status" IN (${Prisma.join(FINAL_RUN_STATUSES)})
        AND "definition_hash" = ${options.definitionHash}
        AND ("lease_owner" IS NULL OR "lease_expires_at" IS NULL OR "lease_expires_at" <= now())`;
    if (count > 0 && options.queue) await notifyQueue(this.prisma);
    return count > 0;
  }

  // Sub-workflows: the runs a run's `uses:` steps started, and what they hand back.

  /** The latest child run a `uses:` step of `parentRunId` started, or null. */
  async childOf(parentRunId: string, parentStepId: string): Promise<RunRecord | null> {
    const row = await this.prisma.run.findFirst({
      where: { parentRunId, parentStepId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      include: STEPS_WITH_ATTEMPTS,
    });
    return row ? toRunRecord(row) : null;
  }

  /** Every child run of `parentRunId`, oldest first. */
  async children(parentRunId: string): Promise<ChildRunSummary[]> {
    const rows = await this.prisma.run.findMany({
      where: { parentRunId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, workflowName: true, status: true, parentStepId: true, createdAt: true },
    });
    return rows.map((row) => ({
      ...row,
      status: row.status as ChildRunSummary['status'],
      parentStepId: row.parentStepId ?? '',
    }));
  }

  /** Records a succeeded run's evaluated `outputs:`. */
  async setOutputs(runId: string, outputs: Record<string, unknown>): Promise<void> {
    await this.prisma.run.update({ where: { id: runId }, data: { outputs: json(outputs) } });
  }

  /**
   * Whether the next telling of an ended run (a resume, a retry) runs its steps with `cache:`
   * even on a hit (`--no-cache`). False when the run is not final: a running run keeps its own.
   */
  async setNoCache(runId: string, noCache: boolean): Promise<boolean> {
    const { count } = await this.prisma.run.updateMany({
      where: { id: runId, status: { in: [...FINAL_RUN_STATUSES] } },
      data: { noCache },
    });
    return count > 0;
  }

  /**
   * Says why a queued run still waits ("waiting for a runner with labels gpu"), or clears it
   * (null). Only a queued run takes a reason; `Leases.claim` clears it. False otherwise.
   */
  async setQueuedReason(runId: string, reason: string | null): Promise<boolean> {
    const { count } = await this.prisma.run.updateMany({
      where: { id: runId, status: 'queued' },
      data: { queuedReason: reason },
    });
    return count > 0;
  }

  /**
   * Deletes a run that is no longer active, with its steps, events, logs and artifact rows
   * (foreign keys cascade). False when there is no such run or it is queued or running.
   */
  async deleteFinished(runId: string): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      DELETE FROM "runs" WHERE "id" = ${runId}
        AND "status" IN (${Prisma.join(FINAL_RUN_STATUSES)})
        AND ("lease_owner" IS NULL OR "lease_expires_at" IS NULL OR "lease_expires_at" <= now())`;
    return count > 0;
  }
}
