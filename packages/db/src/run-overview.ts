import type { SkipReason, StepStatus, Universe } from '@arcflow/engine';
import type { PrismaClient } from './generated/prisma/client.ts';
import { toRunHeader } from './mappers.ts';
import type { AttemptStatus, RunOverview, StepSummary } from './records.ts';

// What a run's page paints first, read with plain SQL: the run without its definition, and a
// summary of each step. Prisma's nested include (steps, then attempts) took 0.8–1.0 s for
// 5,000 steps under load, parsing the definition snapshot with zod on top; these queries take
// a tenth of that and leave the definition (often megabytes) in the database.

interface StepRow {
  step_id: string;
  status: string;
  universe: string;
  action: string;
  beat: string | null;
  attempts: number;
  started_at: Date | null;
  finished_at: Date | null;
  skip_reason: string | null;
  removed_at: Date | null;
  reused_from_run_id: string | null;
  failure: string | null;
  depends_on: string[] | null;
  instance_of: string | null;
  instance_label: string | null;
  fan_out: string | null;
  approval_inputs: Record<string, unknown> | null;
  uses: string | null;
}

interface AttemptRow {
  step_id: string;
  number: number;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  exit_code: number | null;
  failure: string | null;
}

/** The run's page summary, or null when there is no such run. */
export async function readRunOverview(
  prisma: PrismaClient,
  runId: string,
): Promise<RunOverview | null> {
  // The run first, its steps after: the steps are then at least as new as the run's `lastSeq`,
  // so no event the page shows with them is newer than the statuses they carry.
  const row = await prisma.run.findUnique({
    where: { id: runId },
    omit: { definition: true, definitionYaml: true },
  });
  if (!row) return null;
  const [steps, attempts, fourEyes] = await Promise.all([
    readSteps(prisma, runId),
    readUnimpliedAttempts(prisma, runId),
    readFourEyes(prisma, runId),
  ]);
  const history = new Map<string, StepSummary['attemptHistory']>();
  for (const a of attempts) {
    const list = history.get(a.step_id) ?? [];
    list.push({
      number: a.number,
      status: a.status as AttemptStatus,
      startedAt: a.started_at,
      finishedAt: a.finished_at,
      exitCode: a.exit_code,
      failure: a.failure,
    });
    history.set(a.step_id, list);
  }
  const summaries = steps.map((s) => toStepSummary(s, history.get(s.step_id)));
  return {
    ...toRunHeader(row),
    fourEyes,
    steps: summaries.filter((_, i) => steps[i]?.removed_at === null),
    removedSteps: summaries.filter((_, i) => steps[i]?.removed_at !== null),
  };
}

function toStepSummary(row: StepRow, attemptHistory: StepSummary['attemptHistory']): StepSummary {
  return {
    stepId: row.step_id,
    dependsOn: row.depends_on ?? [],
    ...(row.instance_of === null
      ? {}
      : { instance: { of: row.instance_of, label: row.instance_label ?? row.step_id } }),
    ...(row.fan_out === null ? {} : { fanOut: row.fan_out as 'matrix' | 'for_each' }),
    status: row.status as StepStatus,
    universe: row.universe as Universe,
    action: row.action,
    beat: row.beat,
    attemptCount: row.attempts,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    failure: row.failure,
    skipReason: row.skip_reason as SkipReason | null,
    reusedFromRunId: row.reused_from_run_id,
    attemptHistory,
    approvalInputs: row.approval_inputs,
    uses: row.uses,
  };
}

/**
 * Every step in declaration order, with its dependencies (and a ceremony step's inputs) taken
 * from the run's definition snapshot by the database, in one statement.
 */
function readSteps(prisma: PrismaClient, runId: string) {
  return prisma.$queryRaw<StepRow[]>`
    WITH "declared" AS (
      SELECT d->>'id' AS "step_id", d->'dependsOn' AS "depends_on",
        d->'instance'->>'of' AS "instance_of", d->'instance'->>'label' AS "instance_label",
        d->'fanOut'->>'kind' AS "fan_out",
        CASE WHEN d->>'action' = 'request-review' THEN d->'with' END AS "approval_inputs",
        d->>'uses' AS "uses"
      FROM "runs" r, jsonb_array_elements(r."definition"->'steps') d
      WHERE r."id" = ${runId}
    )
    SELECT s."step_id", s."status", s."universe", s."action", s."beat", s."attempts",
      s."started_at", s."finished_at", s."skip_reason", s."removed_at", s."reused_from_run_id",
      s."last_failure"->>'message' AS "failure", d."depends_on", d."approval_inputs",
      d."instance_of", d."instance_label", d."fan_out", d."uses"
    FROM "step_runs" s LEFT JOIN "declared" d ON d."step_id" = s."step_id"
    WHERE s."run_id" = ${runId}
    ORDER BY s."position"`;
}

/** Whether the run's definition keeps the four-eyes rule (the default). */
async function readFourEyes(prisma: PrismaClient, runId: string): Promise<boolean> {
  const rows = await prisma.$queryRaw<Array<{ four_eyes: boolean | null }>>`
    SELECT ("definition"->>'fourEyes')::boolean AS "four_eyes" FROM "runs" WHERE "id" = ${runId}`;
  return rows[0]?.four_eyes !== false;
}

/**
 * The attempts of the steps whose own fields do not already tell them: every attempt of a step
 * that has more than one, or whose only attempt ended otherwise than the step (status, times,
 * failure). A run of 5,000 steps that each ran once needs none of them.
 */
function readUnimpliedAttempts(prisma: PrismaClient, runId: string) {
  return prisma.$queryRaw<AttemptRow[]>`
    WITH "untold" AS (
      SELECT DISTINCT a."step_id"
      FROM "attempts" a
      JOIN "step_runs" s ON s."run_id" = a."run_id" AND s."step_id" = a."step_id"
      WHERE a."run_id" = ${runId} AND (
        s."attempts" <> 1 OR a."number" <> 1 OR a."status" <> s."status"
        OR a."started_at" IS DISTINCT FROM s."started_at"
        OR a."finished_at" IS DISTINCT FROM s."finished_at"
        OR a."failure"->>'message' IS DISTINCT FROM s."last_failure"->>'message')
    )
    SELECT a."step_id", a."number", a."status", a."started_at", a."finished_at", a."exit_code",
      a."failure"->>'message' AS "failure"
    FROM "attempts" a JOIN "untold" u ON u."step_id" = a."step_id"
    WHERE a."run_id" = ${runId}
    ORDER BY a."step_id", a."number"`;
}
