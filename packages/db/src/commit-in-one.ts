import { randomUUID } from 'node:crypto';
import { isFinalRunStatus } from '@arcflow/engine';
import { DatabaseError } from './errors.ts';
import { Prisma } from './generated/prisma/client.ts';
import { QUEUE_CHANNEL } from './queue.ts';
import type { RunChange } from './records.ts';
import type { SqlQuery } from './sql-executor.ts';

/** The channel `EventLog.commit` notifies on, with payload `<runId>:<lastSeq>`. */
export const EVENTS_CHANNEL = 'arcflow_events';

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const jsonText = (value: unknown) => (value == null ? null : JSON.stringify(value));
const MISSING = 'arcflow: rows missing for this change';

/**
 * Whether `commitInOne` can write the change: not a definition switch (which reads the
 * steps it keeps), no log lines (numbered from what is stored), and no attempt both started and finished in it (one statement does not
 * see its own inserts).
 */
export function fitsOneStatement(change: RunChange): boolean {
  // log lines are numbered after those their attempt has stored: that takes a read first
  if (change.definitionSwitch || change.definitionExpanded || (change.logs?.length ?? 0) > 0) {
    return false;
  }
  const started = new Set((change.attemptsStarted ?? []).map((a) => `${a.stepId}#${a.number}`));
  return !(change.attemptsFinished ?? []).some((a) => started.has(`${a.stepId}#${a.number}`));
}

/**
 * Writes a whole transition — the run's fields and next seqs, steps, attempts started and
 * finished, events and both notifications — in ONE statement (data-modifying
 * CTEs), so a tick costs one round trip and is atomic without an explicit transaction.
 * Every part is joined to the fenced `UPDATE "runs"`: when the fence does not hold, nothing
 * is written and null is returned. A step or attempt the change names but the run lacks
 * fails the statement, so nothing is written then either.
 */
export async function commitInOne(
  db: SqlQuery,
  runId: string,
  change: RunChange,
  owner: string | null,
  afterSeq: number | null,
): Promise<number | null> {
  const run = change.run ?? {};
  const events = change.events;
  const steps = change.steps ?? [];
  const started = change.attemptsStarted ?? [];
  const finished = change.attemptsFinished ?? [];
  const count = events.length;
  const ends = run.status !== undefined && isFinalRunStatus(run.status);
  const has = (field: keyof (typeof steps)[number]) => steps.map((s) => s[field] !== undefined);
  try {
    const statement = Prisma.sql`
      WITH r AS (
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
          CASE WHEN ${ends}::boolean THEN pg_notify(${QUEUE_CHANNEL}, '')::text END AS "queue"
      ),
      s AS (
        UPDATE "step_runs" AS s SET
          "status" = COALESCE(v.status, s."status"),
          "attempts" = COALESCE(v.attempts, s."attempts"),
          "started_at" = CASE WHEN v.set_started THEN v.started_at ELSE s."started_at" END,
          "finished_at" = CASE WHEN v.set_finished THEN v.finished_at ELSE s."finished_at" END,
          "outputs" = CASE WHEN v.set_outputs THEN v.outputs::jsonb ELSE s."outputs" END,
          "last_failure" = CASE WHEN v.set_failure THEN v.last_failure::jsonb
            ELSE s."last_failure" END,
          "skip_reason" = CASE WHEN v.set_skip THEN v.skip_reason ELSE s."skip_reason" END
        FROM r, unnest(
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
        WHERE s."run_id" = ${runId} AND s."step_id" = v.step_id
        RETURNING 1
      ),
      sa AS (
        INSERT INTO "attempts" ("id", "run_id", "step_id", "number", "status", "started_at",
          "runner_id")
        SELECT v.id, ${runId}, v.step_id, v.number, 'running', v.started_at, v.runner_id
        FROM r, unnest(
          ${started.map(() => randomUUID())}::text[],
          ${started.map((a) => a.stepId)}::text[],
          ${started.map((a) => a.number)}::int[],
          ${started.map((a) => iso(a.startedAt))}::timestamptz[],
          ${started.map((a) => a.runnerId ?? null)}::text[]
        ) AS v(id, step_id, number, started_at, runner_id)
      ),
      fa AS (
        UPDATE "attempts" AS a SET
          "status" = v.status, "finished_at" = v.finished_at, "exit_code" = v.exit_code,
          "failure" = v.failure::jsonb
        FROM r, unnest(
          ${finished.map((a) => a.stepId)}::text[],
          ${finished.map((a) => a.number)}::int[],
          ${finished.map((a) => a.status)}::text[],
          ${finished.map((a) => iso(a.finishedAt))}::timestamptz[],
          ${finished.map((a) => a.exitCode ?? null)}::int[],
          ${finished.map((a) => jsonText(a.failure))}::text[]
        ) AS v(step_id, number, status, finished_at, exit_code, failure)
        WHERE a."run_id" = ${runId} AND a."step_id" = v.step_id AND a."number" = v.number
        RETURNING 1
      ),
      e AS (
        INSERT INTO "events" ("run_id", "seq", "type", "at", "step_id", "attempt", "story_kind",
          "story_text", "data")
        SELECT ${runId}, r."last_seq" - ${count}::int + v.ord::int, v.type, v.at, v.step_id,
          v.attempt, v.story_kind, v.story_text, v.data::jsonb
        FROM r, unnest(
          ${events.map((e) => e.type)}::text[],
          ${events.map((e) => iso(e.at))}::timestamptz[],
          ${events.map((e) => e.stepId ?? null)}::text[],
          ${events.map((e) => e.attempt ?? null)}::int[],
          ${events.map((e) => e.story.kind)}::text[],
          ${events.map((e) => e.story.text)}::text[],
          ${events.map((e) => jsonText(e.data))}::text[]
        ) WITH ORDINALITY AS v(type, at, step_id, attempt, story_kind, story_text, data, ord)
      )
      SELECT r."last_seq",
        -- a step or attempt that is not there fails the whole statement: nothing is written
        CASE WHEN (SELECT count(*) FROM s) <> ${steps.length}::int
            OR (SELECT count(*) FROM fa) <> ${finished.length}::int
          THEN (${MISSING}::text || ' ' || (SELECT count(*) FROM s))::int END AS "check"
      FROM r`;
    const [row] = await db.query<{ last_seq: number }>(
      statement.text,
      statement.values,
      'arcflow_commit_in_one',
    );
    return row ? Number(row.last_seq) : null;
  } catch (error) {
    if (error instanceof Error && error.message.includes(MISSING)) {
      throw new DatabaseError(
        `run ${runId} lacks some of the steps or attempts this transition moves (${[
          ...steps.map((s) => s.stepId),
          ...finished.map((a) => `${a.stepId}#${a.number}`),
        ].join(', ')}); nothing was written`,
        { cause: error },
      );
    }
    throw error;
  }
}
