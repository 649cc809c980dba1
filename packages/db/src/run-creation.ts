import type { Prisma } from './generated/prisma/client.ts';
import type { CreateRunInput } from './records.ts';

// The large parts of a new run, written as plain SQL parameters. Every query passes through
// Prisma's query compiler, which is WebAssembly: its memory grows to fit the largest query
// it has seen and is never given back. A nested `create` of 10,000 steps grew it by ~120 MB,
// and a 1.6 MB definition passed as a `Json` object by ~70 MB; the same values as column
// arrays and JSON text cost it ~20 MB.

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** Stores the run's definition, as YAML and parsed, on its row. */
export async function writeRunDefinition(
  tx: Prisma.TransactionClient,
  runId: string,
  input: Pick<CreateRunInput, 'definition' | 'definitionYaml'>,
): Promise<void> {
  await tx.$executeRaw`
    UPDATE "runs" SET "definition_yaml" = ${input.definitionYaml},
      "definition" = ${JSON.stringify(input.definition)}::jsonb
    WHERE "id" = ${runId}`;
}

/**
 * Inserts a new run's steps, one per step of its definition (pending, or as a rerun keeps
 * them), in one statement of column arrays.
 */
export async function insertRunSteps(
  tx: Prisma.TransactionClient,
  runId: string,
  input: Pick<CreateRunInput, 'definition' | 'retold'>,
): Promise<void> {
  const steps = input.definition.steps;
  const keptById = new Map((input.retold?.kept ?? []).map((step) => [step.stepId, step]));
  const kept = steps.map((step) => keptById.get(step.id));
  const reusedFrom = input.retold?.fromRunId ?? null;
  await tx.$executeRaw`
    INSERT INTO "step_runs" ("run_id", "step_id", "position", "status", "universe", "action",
      "beat", "attempts", "outputs", "started_at", "finished_at", "skip_reason",
      "reused_from_run_id")
    SELECT ${runId}, v.step_id, v.position::int - 1, v.status, v.universe, v.action, v.beat, 0,
      v.outputs::jsonb, v.started_at, v.finished_at, v.skip_reason, v.reused_from
    FROM unnest(
      ${steps.map((step) => step.id)}::text[],
      ${kept.map((step) => step?.status ?? 'pending')}::text[],
      ${steps.map((step) => step.universe)}::text[],
      ${steps.map((step) => step.action)}::text[],
      ${steps.map((step) => step.beat ?? null)}::text[],
      ${kept.map((step) => (step?.outputs == null ? null : JSON.stringify(step.outputs)))}::text[],
      ${kept.map((step) => iso(step?.startedAt))}::timestamptz[],
      ${kept.map((step) => iso(step?.finishedAt))}::timestamptz[],
      ${kept.map((step) => step?.skipReason ?? null)}::text[],
      ${kept.map((step) => (step ? reusedFrom : null))}::text[]
    ) WITH ORDINALITY AS v(step_id, status, universe, action, beat, outputs, started_at,
      finished_at, skip_reason, reused_from, position)`;
}
