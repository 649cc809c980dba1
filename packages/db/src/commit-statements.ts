import { randomUUID } from 'node:crypto';
import { isFinalRunStatus, type RunEvent } from '@arcflow/engine';
import { EVENTS_CHANNEL } from './commit-in-one.ts';
import { DatabaseError } from './errors.ts';
import type { Prisma } from './generated/prisma/client.ts';
import { QUEUE_CHANNEL } from './queue.ts';
import type { RunChange } from './records.ts';
import { appendLogLines } from './step-logs.ts';

// The set-based statements of `EventLog.commit` when a change does not fit one statement
// (`fitsOneStatement`): however many steps it moves, the same few round trips.

type Tx = Prisma.TransactionClient;

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const jsonText = (value: unknown) => (value == null ? null : JSON.stringify(value));

/**
 * Takes the next `eventCount` seqs and applies the run's own fields, if `owner` still holds
 * the lease and the log ends at `afterSeq` (either may be null: not checked). Announces the
 * events, and a run's end to the queue, on commit. Returns the new last seq, or null when
 * the fence did not hold.
 */
export async function advanceRun(
  tx: Tx,
  runId: string,
  change: RunChange,
  owner: string | null,
  afterSeq: number | null,
): Promise<number | null> {
  const run = change.run ?? {};
  const count = change.events.length;
  const ends = run.status !== undefined && isFinalRunStatus(run.status);
  const [row] = await tx.$queryRaw<Array<{ last_seq: number }>>`
    UPDATE "runs" SET
      "last_seq" = "last_seq" + ${count}::int,
      "updated_at" = now(),
      "status" = COALESCE(${run.status ?? null}::text, "status"),
      "started_at" = CASE WHEN ${run.startedAt !== undefined}::boolean
        THEN ${iso(run.startedAt)}::timestamptz ELSE "started_at" END,
      "finished_at" = CASE WHEN ${run.finishedAt !== undefined}::boolean
        THEN ${iso(run.finishedAt)}::timestamptz ELSE "finished_at" END,
      "cancel_requested_at" = CASE WHEN ${run.cancelRequestedAt !== undefined}::boolean
        THEN ${iso(run.cancelRequestedAt)}::timestamptz ELSE "cancel_requested_at" END,
      -- a resumed run is no longer the one a newer run replaced
      "superseded_by" = CASE WHEN ${run.cancelRequestedAt === null}::boolean
        THEN NULL ELSE "superseded_by" END,
      "resume_count" = "resume_count" + ${run.resumeCountIncrement ? 1 : 0}::int,
      "resume_request" = CASE WHEN ${run.clearResumeRequest === true}::boolean
        THEN NULL ELSE "resume_request" END
    WHERE "id" = ${runId}
      AND (${owner}::text IS NULL OR "lease_owner" = ${owner})
      AND (${afterSeq}::int IS NULL OR "last_seq" = ${afterSeq}::int)
    RETURNING "last_seq",
      CASE WHEN ${count > 0}::boolean
        THEN pg_notify(${EVENTS_CHANNEL}, "id" || ':' || "last_seq")::text END AS "events",
      -- an ended run frees its concurrency group and a slot: queued runs may start now
      CASE WHEN ${ends}::boolean THEN pg_notify(${QUEUE_CHANNEL}, '')::text END AS "queue"`;
  return row ? Number(row.last_seq) : null;
}

/** Writes each step's changed fields in one statement; a field left undefined is kept. */
export async function updateSteps(
  tx: Tx,
  runId: string,
  steps: NonNullable<RunChange['steps']>,
): Promise<void> {
  if (steps.length === 0) return;
  const has = (field: keyof (typeof steps)[number]) => steps.map((s) => s[field] !== undefined);
  const updated = await tx.$executeRaw`
    UPDATE "step_runs" AS s SET
      "status" = COALESCE(v.status, s."status"),
      "attempts" = COALESCE(v.attempts, s."attempts"),
      "started_at" = CASE WHEN v.set_started THEN v.started_at ELSE s."started_at" END,
      "finished_at" = CASE WHEN v.set_finished THEN v.finished_at ELSE s."finished_at" END,
      "outputs" = CASE WHEN v.set_outputs THEN v.outputs::jsonb ELSE s."outputs" END,
      "last_failure" = CASE WHEN v.set_failure THEN v.last_failure::jsonb ELSE s."last_failure" END,
      "skip_reason" = CASE WHEN v.set_skip THEN v.skip_reason ELSE s."skip_reason" END
    FROM unnest(
      ${steps.map((s) => s.stepId)}::text[],
      ${steps.map((s) => s.status ?? null)}::text[],
      ${steps.map((s) => s.attempts ?? null)}::int[],
      ${has('startedAt')}::boolean[],
      ${steps.map((s) => iso(s.startedAt))}::timestamptz[],
      ${has('finishedAt')}::boolean[],
      ${steps.map((s) => iso(s.finishedAt))}::timestamptz[],
      ${has('outputs')}::boolean[],
      ${steps.map((s) => jsonText(s.outputs))}::text[],
      ${has('lastFailure')}::boolean[],
      ${steps.map((s) => jsonText(s.lastFailure))}::text[],
      ${has('skipReason')}::boolean[],
      ${steps.map((s) => s.skipReason ?? null)}::text[]
    ) AS v(step_id, status, attempts, set_started, started_at, set_finished, finished_at,
           set_outputs, outputs, set_failure, last_failure, set_skip, skip_reason)
    WHERE s."run_id" = ${runId} AND s."step_id" = v.step_id`;
  if (updated !== steps.length) {
    throw new DatabaseError(
      `run ${runId} lacks some of the steps ${steps.map((s) => s.stepId).join(', ')}; nothing was written`,
    );
  }
}

/** Records how attempts ended, in one statement. */
export async function finishAttempts(
  tx: Tx,
  runId: string,
  attempts: NonNullable<RunChange['attemptsFinished']>,
): Promise<void> {
  if (attempts.length === 0) return;
  const updated = await tx.$executeRaw`
    UPDATE "attempts" AS a SET
      "status" = v.status, "finished_at" = v.finished_at, "exit_code" = v.exit_code,
      "failure" = v.failure::jsonb
    FROM unnest(
      ${attempts.map((a) => a.stepId)}::text[],
      ${attempts.map((a) => a.number)}::int[],
      ${attempts.map((a) => a.status)}::text[],
      ${attempts.map((a) => iso(a.finishedAt))}::timestamptz[],
      ${attempts.map((a) => a.exitCode ?? null)}::int[],
      ${attempts.map((a) => jsonText(a.failure))}::text[]
    ) AS v(step_id, number, status, finished_at, exit_code, failure)
    WHERE a."run_id" = ${runId} AND a."step_id" = v.step_id AND a."number" = v.number`;
  if (updated !== attempts.length) {
    throw new DatabaseError(
      `run ${runId} lacks some of the attempts ${attempts.map((a) => `${a.stepId}#${a.number}`).join(', ')}; nothing was written`,
    );
  }
}

/** Inserts the attempts a tick started, in one statement. */
export async function startAttempts(
  tx: Tx,
  runId: string,
  attempts: NonNullable<RunChange['attemptsStarted']>,
): Promise<void> {
  if (attempts.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "attempts" ("id", "run_id", "step_id", "number", "status", "started_at", "runner_id")
    SELECT v.id, ${runId}, v.step_id, v.number, 'running', v.started_at, v.runner_id
    FROM unnest(
      ${attempts.map(() => randomUUID())}::text[],
      ${attempts.map((a) => a.stepId)}::text[],
      ${attempts.map((a) => a.number)}::int[],
      ${attempts.map((a) => iso(a.startedAt))}::timestamptz[],
      ${attempts.map((a) => a.runnerId ?? null)}::text[]
    ) AS v(id, step_id, number, started_at, runner_id)`;
}

/** Appends the events (their seqs already given), in one statement. */
export async function insertEvents(tx: Tx, runId: string, events: RunEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "events" ("run_id", "seq", "type", "at", "step_id", "attempt", "story_kind",
      "story_text", "data")
    SELECT ${runId}, v.seq, v.type, v.at, v.step_id, v.attempt, v.story_kind, v.story_text,
      v.data::jsonb
    FROM unnest(
      ${events.map((e) => e.seq)}::int[],
      ${events.map((e) => e.type)}::text[],
      ${events.map((e) => iso(e.at))}::timestamptz[],
      ${events.map((e) => e.stepId ?? null)}::text[],
      ${events.map((e) => e.attempt ?? null)}::int[],
      ${events.map((e) => e.story.kind)}::text[],
      ${events.map((e) => e.story.text)}::text[],
      ${events.map((e) => jsonText(e.data))}::text[]
    ) AS v(seq, type, at, step_id, attempt, story_kind, story_text, data)`;
}

/** Appends the change's log lines as numbered chunks, once however often it is tried (see `StepLogs`). */
export async function insertLogs(tx: Tx, change: RunChange): Promise<void> {
  await appendLogLines(tx, change.logs ?? [], change.logsWriteId);
}
