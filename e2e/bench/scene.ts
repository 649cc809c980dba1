import type { Database } from '@arcflow/db';
import { createStore } from '@arcflow/db';
import { sharedWorkspace } from '../support/env.ts';
import { api } from '../support/fixtures.ts';

// A big finished run, set in the database in a few statements: running 5,000 steps for real
// takes minutes, and the pages under test only read what a finished run leaves behind.

const UNIVERSES = ['engineer', 'story'] as const;

/**
 * A workflow of `steps` noop steps in chains of `width` lanes: each step depends on the one
 * before it in its lane, every 10th on the step before in the next lane too, so the graph has
 * both long chains and crossings. The last step fails.
 */
export function scaleYaml(name: string, steps: number, width = 20): string {
  const lines = [
    `name: ${name}`,
    `narrative: "A ${steps}-step arc, for the scale tests"`,
    'steps:',
  ];
  for (let i = 0; i < steps; i++) {
    const id = stepId(i);
    lines.push(`  - id: ${id}`, '    action: noop');
    lines.push(`    universe: ${UNIVERSES[i % UNIVERSES.length]}`);
    lines.push(`    beat: "Beat ${i + 1} of the arc lands"`);
    const deps: string[] = [];
    if (i >= width) deps.push(stepId(i - width));
    if (i >= width && i % 10 === 0 && (i % width) + 1 < width) deps.push(stepId(i - width + 1));
    if (deps.length > 0) lines.push(`    depends_on: [${deps.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

export function stepId(i: number): string {
  return `step-${String(i + 1).padStart(5, '0')}`;
}

/** Saves `scaleYaml(name, steps)` as a workflow of the stage's workspace. */
export async function saveScaleWorkflow(name: string, steps: number): Promise<string> {
  return saveWorkflowYaml(name, scaleYaml(name, steps));
}

/** Saves a workflow through the API, asking again when a loaded machine makes the runner wait. */
export async function saveWorkflowYaml(name: string, yaml: string): Promise<string> {
  // A loaded machine can make the runner give up waiting for a transaction: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await api('mutation', 'workflows.save', { name, yaml });
      return yaml;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 3_000 * attempt));
    }
  }
}

/**
 * A finished run of the workflow `name` (saved before): every step succeeded one after
 * another, 100 ms apart, except the last, which failed. Returns the run's id.
 */
export async function seedFinishedRun(db: Database, name: string): Promise<string> {
  const store = createStore(db.prisma, db.sql);
  const workflow = await api<{
    yaml: string;
    definition: { steps: { id: string }[] } & Record<string, unknown>;
    file?: string;
  }>('query', 'workflows.get', { name });
  const run = await store.runs.create({
    workflowName: name,
    workspaceDir: sharedWorkspace(),
    definitionYaml: workflow.yaml,
    // biome-ignore lint/suspicious/noExplicitAny: the definition is the runner's own JSON
    definition: workflow.definition as any,
    inputs: {},
    triggeredBy: 'manual',
    // Held by no runner that exists, until it is finished below, so none claims it.
    lease: { owner: 'e2e-scene', ttlMs: 10 * 60_000 },
  });
  const ids = workflow.definition.steps.map((s) => s.id);
  const n = ids.length;
  const t0 = Date.now() - (n + 10) * 100;
  const at = (i: number) => new Date(t0 + i * 100);
  const last = n - 1;
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`
      UPDATE "step_runs" SET
        "status" = CASE WHEN "position" = ${last} THEN 'failed' ELSE 'succeeded' END,
        "attempts" = 1,
        "started_at" = to_timestamp((${t0}::bigint + "position" * 100) / 1000.0),
        "finished_at" = to_timestamp((${t0}::bigint + "position" * 100 + 80) / 1000.0),
        "outputs" = '{}'::jsonb
      WHERE "run_id" = ${run.id}`;
    await tx.$executeRaw`
      INSERT INTO "attempts" ("id", "run_id", "step_id", "number", "status", "started_at",
        "finished_at", "exit_code")
      SELECT gen_random_uuid()::text, "run_id", "step_id", 1, "status", "started_at",
        "finished_at", CASE WHEN "status" = 'failed' THEN 1 ELSE 0 END
      FROM "step_runs" WHERE "run_id" = ${run.id}`;
    const seq: number[] = [];
    const type: string[] = [];
    const when: Date[] = [];
    const step: (string | null)[] = [];
    const kind: string[] = [];
    const text: string[] = [];
    const add = (t: string, w: Date, s: string | null, k: string, x: string) => {
      seq.push(seq.length + 1);
      type.push(t);
      when.push(w);
      step.push(s);
      kind.push(k);
      text.push(x);
    };
    add('run.started', at(0), null, 'exposition', `${name} sets out: ${n} beats to play.`);
    ids.forEach((id, i) => {
      add('step.started', at(i), id, 'rising', `${id} begins.`);
      if (i === last) {
        add('step.failed', at(i + 0.8), id, 'tension', `${id} failed with exit code 1`);
      } else {
        add('step.succeeded', at(i + 0.8), id, 'beat', `Beat ${i + 1} of the arc lands`);
      }
    });
    add('run.failed', at(n + 1), null, 'climax', `${name} ends in tension at ${ids[last]}.`);
    await tx.$executeRaw`
      INSERT INTO "events" ("run_id", "seq", "type", "at", "step_id", "attempt", "story_kind",
        "story_text")
      SELECT ${run.id}, e.seq, e.type, e.at, e.step_id,
        CASE WHEN e.step_id IS NULL THEN NULL ELSE 1 END, e.kind, e.text
      FROM unnest(${seq}::int[], ${type}::text[], ${when}::timestamptz[], ${step}::text[],
        ${kind}::text[], ${text}::text[]) AS e(seq, type, at, step_id, kind, text)`;
    await tx.$executeRaw`
      UPDATE "runs" SET "status" = 'failed', "started_at" = ${at(0)}, "finished_at" = ${at(n + 1)},
        "last_seq" = ${seq.length}, "lease_owner" = NULL, "lease_expires_at" = NULL
      WHERE "id" = ${run.id}`;
  });
  return run.id;
}
