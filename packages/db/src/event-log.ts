import { createHash } from 'node:crypto';
import type { NewRunEvent, RunEvent, WorkflowDefinition } from '@arcflow/engine';
import { commitInOne, EVENTS_CHANNEL, fitsOneStatement } from './commit-in-one.ts';
import {
  advanceRun,
  finishAttempts,
  insertEvents,
  insertLogs,
  startAttempts,
  updateSteps,
} from './commit-statements.ts';
import { DatabaseError, LeaseLostError, RunNotFoundError } from './errors.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { toRunEvent } from './mappers.ts';
import { clamp, json } from './query-helpers.ts';
import type { RunChange } from './records.ts';
import type { SqlQuery } from './sql-executor.ts';

export { EVENTS_CHANNEL };

/** The lease a runner holds and the last seq it has seen, checked by `EventLog.commit`. */
export interface CommitFence {
  leaseOwner: string;
  afterSeq: number;
}

/**
 * A run's append-only event log, and the one way a run moves: `commit` writes a scheduler
 * transition (run, steps, attempts) together with its events, in one transaction.
 */
export class EventLog {
  constructor(
    private readonly prisma: PrismaClient,
    /** Where the one-statement commit goes (see `createStore`). */
    private readonly sql: SqlQuery,
  ) {}

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
   * Notifies `EVENTS_CHANNEL` in the same transaction. Returns the events as stored.
   */
  async commit(runId: string, change: RunChange, fence?: CommitFence): Promise<RunEvent[]> {
    const events = change.events;
    const owner = fence?.leaseOwner ?? null;
    const afterSeq = fence?.afterSeq ?? null;
    if (fitsOneStatement(change)) {
      const lastSeq = await commitInOne(this.sql, runId, change, owner, afterSeq);
      if (lastSeq === null) {
        return this.prisma.$transaction((tx) => replayOrRefuse(tx, runId, events, owner, afterSeq));
      }
      const firstSeq = lastSeq - events.length + 1;
      return events.map((event, index) => ({ ...event, seq: firstSeq + index }));
    }
    return this.prisma.$transaction(
      async (tx) => {
        const lastSeq = await advanceRun(tx, runId, change, owner, afterSeq);
        if (lastSeq === null) return replayOrRefuse(tx, runId, events, owner, afterSeq);
        const firstSeq = lastSeq - events.length + 1;

        if (change.definitionSwitch) await switchDefinition(tx, runId, change.definitionSwitch);
        if (change.definitionExpanded) {
          await expandDefinition(tx, runId, change.definitionExpanded.definition);
        }
        await updateSteps(tx, runId, change.steps ?? []);
        await startAttempts(tx, runId, change.attemptsStarted ?? []);
        await finishAttempts(tx, runId, change.attemptsFinished ?? []);
        await insertLogs(tx, change);
        const stored: RunEvent[] = events.map((event, index) => ({
          ...event,
          seq: firstSeq + index,
        }));
        await insertEvents(tx, runId, stored);
        return stored;
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
  }

  /** Events with seq greater than `afterSeq`, in order (at most `limit`, up to 10,000). */
  async list(runId: string, afterSeq = 0, limit = 1000): Promise<RunEvent[]> {
    const rows = await this.prisma.event.findMany({
      where: { runId, seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: clamp(limit, 1000, 10_000),
    });
    return rows.map(toRunEvent);
  }
}

type Tx = Prisma.TransactionClient;

/**
 * The run's definition snapshot gains a `for_each` step's instances: its steps are created
 * pending, after the steps it had.
 */
async function expandDefinition(tx: Tx, runId: string, definition: WorkflowDefinition) {
  await tx.run.update({ where: { id: runId }, data: { definition: json(definition) } });
  await createMissingSteps(tx, runId, definition);
}

/** Creates, pending, each step of `definition` the run has no row for; returns the ids it had. */
async function createMissingSteps(
  tx: Tx,
  runId: string,
  definition: WorkflowDefinition,
): Promise<Set<string>> {
  const existing = new Set(
    (await tx.stepRun.findMany({ where: { runId }, select: { stepId: true } })).map(
      (row) => row.stepId,
    ),
  );
  await tx.stepRun.createMany({
    data: definition.steps.flatMap((step, position) =>
      existing.has(step.id)
        ? []
        : [
            {
              runId,
              stepId: step.id,
              status: 'pending',
              attempts: 0,
              position,
              universe: step.universe,
              action: step.action,
              beat: step.beat ?? null,
            },
          ],
    ),
  });
  return existing;
}

/**
 * Points the run at another definition: its snapshot and revision change, steps it adds are
 * created pending, steps it no longer has are marked removed (their attempts stay), and every
 * step it has takes its position, universe, action and beat.
 */
async function switchDefinition(
  tx: Tx,
  runId: string,
  target: NonNullable<RunChange['definitionSwitch']>,
): Promise<void> {
  const { definition } = target;
  await tx.run.update({
    where: { id: runId },
    data: {
      definitionYaml: target.definitionYaml,
      definitionHash: createHash('sha256').update(target.definitionYaml).digest('hex'),
      definition: json(definition),
      inputs: json(target.inputs),
      revision: { connect: { id: target.revisionId } },
    },
  });
  const ids = definition.steps.map((step) => step.id);
  await tx.stepRun.updateMany({
    where: { runId, stepId: { notIn: ids }, removedAt: null },
    data: { removedAt: target.at },
  });
  const existing = await createMissingSteps(tx, runId, definition);
  // One statement for every step the run keeps, however many there are.
  const kept = definition.steps
    .map((step, position) => ({ step, position }))
    .filter(({ step }) => existing.has(step.id));
  if (kept.length === 0) return;
  await tx.$executeRaw`
    UPDATE "step_runs" AS s
    SET "position" = v.position, "universe" = v.universe, "action" = v.action,
        "beat" = v.beat, "removed_at" = NULL
    FROM unnest(
      ${kept.map(({ step }) => step.id)}::text[],
      ${kept.map(({ position }) => position)}::int[],
      ${kept.map(({ step }) => step.universe)}::text[],
      ${kept.map(({ step }) => step.action)}::text[],
      ${kept.map(({ step }) => step.beat ?? null)}::text[]
    ) AS v(step_id, position, universe, action, beat)
    WHERE s."run_id" = ${runId} AND s."step_id" = v.step_id`;
}

/**
 * The fence did not hold. A retry of a commit whose reply was lost finds its own events at
 * the end of the log and gets them back; anything else is refused.
 */
async function replayOrRefuse(
  tx: Tx,
  runId: string,
  events: NewRunEvent[],
  owner: string | null,
  afterSeq: number | null,
): Promise<RunEvent[]> {
  const current = await tx.run.findUnique({
    where: { id: runId },
    select: { leaseOwner: true, lastSeq: true },
  });
  if (!current) throw new RunNotFoundError(runId);
  if (owner !== null && current.leaseOwner !== owner) {
    throw new LeaseLostError(runId, current.leaseOwner);
  }
  if (afterSeq !== null && events.length > 0 && current.lastSeq === afterSeq + events.length) {
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

/** Whether a stored event is the one a commit meant to write (a retry of the same commit). */
function sameEvent(stored: RunEvent, meant: NewRunEvent): boolean {
  return (
    stored.type === meant.type &&
    (stored.stepId ?? null) === (meant.stepId ?? null) &&
    (stored.attempt ?? null) === (meant.attempt ?? null) &&
    stored.story.text === meant.story.text
  );
}
