import { createHash } from 'node:crypto';
import {
  FINAL_RUN_STATUSES,
  type NewRunEvent,
  type RunEvent,
  STEP_STATUSES,
  type StepStatus,
} from '@arcflow/engine';
import { DatabaseError, LeaseLostError, RunNotFoundError } from './errors.ts';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { toLogChunkRecord, toRunEvent, toRunRecord } from './mappers.ts';
import type {
  ClaimedRun,
  CreateRunInput,
  DecisionRecord,
  ListRunsFilter,
  LogChunkRecord,
  LogFilter,
  NewDecision,
  NewLogChunk,
  RunChange,
  RunRecord,
  RunSummary,
} from './records.ts';
import { newRunId } from './run-id.ts';

/** The channel `commit` notifies on, with payload `<runId>:<lastSeq>`. */
export const EVENTS_CHANNEL = 'arcflow_events';

const json = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;
const nullableJson = (value: unknown) =>
  value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
const clamp = (value: number | undefined, fallback: number, max: number) =>
  Math.min(Math.max(Math.trunc(value ?? fallback), 1), max);

const STEPS_WITH_ATTEMPTS = {
  steps: {
    orderBy: { position: 'asc' },
    include: { attemptHistory: { orderBy: { number: 'asc' } } },
  },
} as const satisfies Prisma.RunInclude;

/**
 * Persists runs, their steps and attempts, the append-only event log and step logs.
 * Works the same on PostgreSQL and PGlite.
 */
export class RunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a queued run with one pending step per step of the definition. */
  async createRun(input: CreateRunInput): Promise<RunRecord> {
    const definitionHash = createHash('sha256').update(input.definitionYaml).digest('hex');
    for (let tries = 1; ; tries++) {
      try {
        const row = await this.prisma.run.create({
          data: {
            id: newRunId(),
            workflowName: input.workflowName,
            workflowFile: input.workflowFile ?? null,
            workspaceDir: input.workspaceDir,
            definitionYaml: input.definitionYaml,
            definitionHash,
            definition: json(input.definition),
            inputs: json(input.inputs ?? {}),
            status: 'queued',
            triggeredBy: input.triggeredBy,
            ...(input.lease
              ? {
                  leaseOwner: input.lease.owner,
                  leaseExpiresAt: new Date(Date.now() + input.lease.ttlMs),
                }
              : {}),
            steps: {
              create: input.definition.steps.map((step, position) => ({
                stepId: step.id,
                position,
                status: 'pending',
                universe: step.universe,
                action: step.action,
                beat: step.beat ?? null,
                attempts: 0,
              })),
            },
          },
          include: STEPS_WITH_ATTEMPTS,
        });
        return toRunRecord(row);
      } catch (error) {
        // A duplicate random id: astronomically rare, so just draw another.
        const duplicateId =
          error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
        if (!duplicateId || tries >= 3) throw error;
      }
    }
  }

  /** The run with its steps (declaration order) and their attempts, or null. */
  async getRun(id: string): Promise<RunRecord | null> {
    const row = await this.prisma.run.findUnique({ where: { id }, include: STEPS_WITH_ATTEMPTS });
    return row ? toRunRecord(row) : null;
  }

  /** Runs, newest first, with step counts; page with `before` (the last summary seen). */
  async listRuns(filter: ListRunsFilter = {}): Promise<RunSummary[]> {
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
      },
    });
    if (rows.length === 0) return [];
    const counts = await this.prisma.stepRun.groupBy({
      by: ['runId', 'status'],
      where: { runId: { in: rows.map((row) => row.id) } },
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
   * Applies one transition atomically: run and step fields, attempts started and finished,
   * and the events, which get the run's next seq numbers. Concurrent commits on one run are
   * serialised by the row lock the seq increment takes, so no seq is ever handed out twice.
   *
   * A runner passes its `fence`: the lease it holds and the last seq it has seen.
   * - Once another runner has taken the run over, the commit throws `LeaseLostError`, so a
   *   runner that lost its lease cannot write over the new one.
   * - Retrying a commit whose reply was lost (the database restarted as it answered) is
   *   harmless: when the log already ends with this commit's events, they are returned
   *   instead of being written twice.
   *
   * Returns the events as stored.
   */
  async commit(
    runId: string,
    change: RunChange,
    fence?: { leaseOwner: string; afterSeq: number },
  ): Promise<RunEvent[]> {
    const events = change.events;
    const owner = fence?.leaseOwner ?? null;
    const afterSeq = fence?.afterSeq ?? null;
    return this.prisma.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<Array<{ last_seq: number }>>`
          UPDATE "runs" SET "last_seq" = "last_seq" + ${events.length}::int, "updated_at" = now()
          WHERE "id" = ${runId}
            AND (${owner}::text IS NULL OR "lease_owner" = ${owner})
            AND (${afterSeq}::int IS NULL OR "last_seq" = ${afterSeq}::int)
          RETURNING "last_seq"`;
        if (!row) {
          const current = await tx.run.findUnique({
            where: { id: runId },
            select: { leaseOwner: true, lastSeq: true },
          });
          if (!current) throw new RunNotFoundError(runId);
          if (owner !== null && current.leaseOwner !== owner) {
            throw new LeaseLostError(runId, current.leaseOwner);
          }
          if (
            afterSeq !== null &&
            events.length > 0 &&
            current.lastSeq === afterSeq + events.length
          ) {
            const stored = (
              await tx.event.findMany({
                where: { runId, seq: { gt: afterSeq } },
                orderBy: { seq: 'asc' },
              })
            ).map(toRunEvent);
            if (stored.every((event, i) => sameEvent(event, events[i]!))) return stored;
          }
          throw new DatabaseError(
            `run ${runId} has events up to ${current.lastSeq}, not ${afterSeq} as this runner expected; ` +
              'it stopped driving the run rather than write over them',
          );
        }
        const lastSeq = Number(row.last_seq);
        const firstSeq = lastSeq - events.length + 1;

        const run = change.run;
        if (run) {
          const data: Prisma.RunUpdateInput = {
            status: run.status,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            cancelRequestedAt: run.cancelRequestedAt,
            ...(run.resumeCountIncrement && { resumeCount: { increment: 1 } }),
          };
          await tx.run.update({ where: { id: runId }, data });
        }
        for (const step of change.steps ?? []) {
          await tx.stepRun.update({
            where: { runId_stepId: { runId, stepId: step.stepId } },
            data: {
              status: step.status,
              attempts: step.attempts,
              startedAt: step.startedAt,
              finishedAt: step.finishedAt,
              ...(step.outputs !== undefined && { outputs: nullableJson(step.outputs) }),
              ...(step.lastFailure !== undefined && {
                lastFailure: nullableJson(step.lastFailure),
              }),
            },
          });
        }
        if (change.attemptsStarted?.length) {
          await tx.attempt.createMany({
            data: change.attemptsStarted.map((attempt) => ({
              runId,
              stepId: attempt.stepId,
              number: attempt.number,
              status: 'running',
              startedAt: attempt.startedAt,
              runnerId: attempt.runnerId ?? null,
            })),
          });
        }
        for (const attempt of change.attemptsFinished ?? []) {
          await tx.attempt.update({
            where: {
              runId_stepId_number: { runId, stepId: attempt.stepId, number: attempt.number },
            },
            data: {
              status: attempt.status,
              finishedAt: attempt.finishedAt,
              exitCode: attempt.exitCode ?? null,
              failure: attempt.failure ? json(attempt.failure) : Prisma.DbNull,
            },
          });
        }
        if (events.length === 0) return [];
        const stored: RunEvent[] = events.map((event, index) => ({
          ...event,
          seq: firstSeq + index,
        }));
        await tx.event.createMany({
          data: stored.map((event) => ({
            runId,
            seq: event.seq,
            type: event.type,
            at: event.at,
            stepId: event.stepId ?? null,
            attempt: event.attempt ?? null,
            storyKind: event.story.kind,
            storyText: event.story.text,
            data: event.data === undefined ? Prisma.DbNull : json(event.data),
          })),
        });
        await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${`${runId}:${lastSeq}`})`;
        return stored;
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  }

  /** Events with seq greater than `afterSeq`, in order. */
  async listEvents(runId: string, afterSeq = 0, limit = 1000): Promise<RunEvent[]> {
    const rows = await this.prisma.event.findMany({
      where: { runId, seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: clamp(limit, 1000, 10_000),
    });
    return rows.map(toRunEvent);
  }

  async appendLogs(chunks: NewLogChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.prisma.logChunk.createMany({ data: chunks });
  }

  /** Log chunks of a run in the order they were appended. */
  async getLogs(runId: string, filter: LogFilter = {}): Promise<LogChunkRecord[]> {
    const rows = await this.prisma.logChunk.findMany({
      where: {
        runId,
        stepId: filter.stepId,
        attempt: filter.attempt,
        ...(filter.afterId !== undefined && { id: { gt: BigInt(filter.afterId) } }),
      },
      orderBy: { id: 'asc' },
      take: clamp(filter.limit, 1000, 10_000),
    });
    return rows.map(toLogChunkRecord);
  }

  /**
   * Records that someone asked to cancel the run (the first request's time is kept).
   * Returns false when the run does not exist or has already finished.
   */
  async requestCancel(runId: string, at: Date): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "runs" SET "cancel_requested_at" = COALESCE("cancel_requested_at", ${at}), "updated_at" = now()
      WHERE "id" = ${runId} AND "status" NOT IN (${Prisma.join(FINAL_RUN_STATUSES)})`;
    return count > 0;
  }

  async cancelRequested(runId: string): Promise<boolean> {
    const row = await this.prisma.run.findUnique({
      where: { id: runId },
      select: { cancelRequestedAt: true },
    });
    return row?.cancelRequestedAt != null;
  }

  /**
   * Takes the lease on the run for `ttlMs` if nobody holds it, it expired, or `owner`
   * already holds it. Expiry uses the database's clock, shared by all runners.
   */
  async acquireLease(runId: string, owner: string, ttlMs: number): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "runs"
      SET "lease_owner" = ${owner}, "lease_expires_at" = now() + ${ttlMs}::int * interval '1 millisecond'
      WHERE "id" = ${runId}
        AND ("lease_owner" IS NULL OR "lease_owner" = ${owner} OR "lease_expires_at" <= now())`;
    return count > 0;
  }

  /**
   * Extends the lease if `owner` still holds it — even past its expiry (a long database
   * outage), as long as no other runner has claimed the run since. False once one has.
   */
  async renewLease(runId: string, owner: string, ttlMs: number): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "runs" SET "lease_expires_at" = now() + ${ttlMs}::int * interval '1 millisecond'
      WHERE "id" = ${runId} AND "lease_owner" = ${owner}`;
    return count > 0;
  }

  async releaseLease(runId: string, owner: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "runs" SET "lease_owner" = NULL, "lease_expires_at" = NULL
      WHERE "id" = ${runId} AND "lease_owner" = ${owner}`;
  }

  /** Records an approval or rejection of a waiting step's attempt. */
  async recordDecision(decision: NewDecision): Promise<DecisionRecord> {
    const row = await this.prisma.decision.create({ data: decision });
    return { ...row, decision: row.decision as DecisionRecord['decision'] };
  }

  /** Decisions on one attempt of a step, oldest first, after the given id. */
  async listDecisions(
    runId: string,
    stepId: string,
    attempt: number,
    afterId: bigint = 0n,
  ): Promise<DecisionRecord[]> {
    const rows = await this.prisma.decision.findMany({
      where: { runId, stepId, attempt, id: { gt: afterId } },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({ ...row, decision: row.decision as DecisionRecord['decision'] }));
  }

  /** Asks for a failed or canceled run to be resumed by whichever runner claims it. */
  async requestResume(runId: string, at: Date): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "runs" SET "resume_requested_at" = ${at}
      WHERE "id" = ${runId} AND "status" IN ('failed', 'canceled')`;
    return count > 0;
  }

  /**
   * Claims one run that needs a runner — queued and unleased, resume requested, or left
   * behind by a runner whose lease expired — and leases it to `owner`. Concurrent
   * claimers skip each other's rows (`FOR UPDATE SKIP LOCKED`), so each run goes to one.
   */
  async claimRun(owner: string, ttlMs: number): Promise<ClaimedRun | null> {
    const rows = await this.prisma.$queryRaw<
      Array<{
        id: string;
        status: string;
        resume_requested_at: Date | null;
        previous_owner: string | null;
      }>
    >`
      WITH candidate AS (
        SELECT "id", "status", "resume_requested_at", "lease_owner"
        FROM "runs"
        WHERE ("lease_expires_at" IS NULL OR "lease_expires_at" <= now())
          AND (
            "status" = 'queued'
            OR ("resume_requested_at" IS NOT NULL AND "status" IN ('failed', 'canceled'))
            OR "status" IN ('running', 'waiting')
          )
        ORDER BY "created_at"
        FOR UPDATE SKIP LOCKED
        LIMIT 1
      )
      UPDATE "runs" AS r
      SET "lease_owner" = ${owner},
          "lease_expires_at" = now() + ${ttlMs}::int * interval '1 millisecond',
          "resume_requested_at" = NULL
      FROM candidate AS c
      WHERE r."id" = c."id"
      RETURNING r."id", c."status", c."resume_requested_at", c."lease_owner" AS previous_owner`;
    const row = rows[0];
    if (!row) return null;
    const kind =
      row.resume_requested_at !== null ? 'resume' : row.status === 'queued' ? 'start' : 'adopt';
    return { id: row.id, kind, previousOwner: row.previous_owner };
  }
}

/** Whether a stored event is the one a commit meant to write (a retry of the same commit). */
function sameEvent(stored: RunEvent, meant: NewRunEvent): boolean {
  return (
    stored.type === meant.type &&
    (stored.stepId ?? null) === (meant.stepId ?? null) &&
    (stored.attempt ?? null) === (meant.attempt ?? null) &&
    stored.story.text === meant.story.text
  );
}
