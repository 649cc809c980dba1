// Arcflow's benchmark: how validation, scheduling and execution scale, with ratios.
// Run with `pnpm bench`. PostgreSQL figures use a scratch database on ARCFLOW_TEST_DATABASE_URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, RunRepository } from '@arcflow/db';
import { createTestPostgresDatabase } from '@arcflow/db/testing';
import {
  builtinActions,
  initialRunState,
  parseWorkflow,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { simulateRun, testStep, testWorkflow } from '@arcflow/engine/testing';
import { processEnvironment } from '../src/env.ts';
import { RunExecutor } from '../src/worker/run-executor.ts';

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(9);

/** A layered DAG: `width` steps per level, each depending on every step of the level before. */
function layeredYaml(steps: number, width: number, command?: string): string {
  const action = command ? 'shell' : 'noop';
  const lines = ['name: bench', 'steps:'];
  for (let i = 0; i < steps; i++) {
    lines.push(`  - id: s${i}`, `    action: ${action}`);
    if (command) lines.push(`    with: { run: "${command}" }`);
    const level = Math.floor(i / width);
    if (level > 0) {
      const deps = Array.from({ length: width }, (_, k) => `s${(level - 1) * width + k}`);
      lines.push(`    depends_on: [${deps.join(', ')}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function benchValidation(): void {
  console.log('\nValidation (parse YAML + check everything), layered DAG 4 wide');
  console.log('    steps        ms   µs/step');
  const perStep: number[] = [];
  for (const n of [100, 1000, 10_000]) {
    const yaml = layeredYaml(n, 4);
    parseWorkflow(yaml, { file: 'bench.yaml', actions: builtinActions }); // warm-up
    const start = process.hrtime.bigint();
    const result = parseWorkflow(yaml, { file: 'bench.yaml', actions: builtinActions });
    const took = ms(start);
    if (!result.definition) throw new Error('bench workflow is invalid');
    perStep.push((took * 1000) / n);
    console.log(`${String(n).padStart(9)} ${fmt(took)} ${fmt((took * 1000) / n, 2)}`);
  }
  console.log(
    `  cost per step at 10,000 vs 100 steps: ${(perStep[2]! / perStep[0]!).toFixed(2)}x (1.0x = linear)`,
  );
}

function benchScheduler(): void {
  console.log(
    '\nScheduler (pure state machine, simulated clock), layered DAG 8 wide, max_parallel 8',
  );
  console.log('    steps        ms   µs/step');
  const perStep: number[] = [];
  for (const n of [100, 1000, 5000]) {
    const steps = Array.from({ length: n }, (_, i) => {
      const level = Math.floor(i / 8);
      const deps =
        level === 0 ? [] : Array.from({ length: 8 }, (_, k) => `s${(level - 1) * 8 + k}`);
      return testStep(`s${i}`, deps);
    });
    const def = testWorkflow(steps);
    const start = process.hrtime.bigint();
    const result = simulateRun(def, { maxParallel: 8 });
    const took = ms(start);
    if (result.state.status !== 'succeeded') throw new Error('simulation did not succeed');
    perStep.push((took * 1000) / n);
    console.log(`${String(n).padStart(9)} ${fmt(took)} ${fmt((took * 1000) / n, 2)}`);
  }
  console.log(
    `  cost per step at 5,000 vs 100 steps: ${(perStep[2]! / perStep[0]!).toFixed(2)}x (1.0x = linear)`,
  );
}

async function executeOnce(
  databaseUrl: string | undefined,
  workspaceDir: string,
  yaml: string,
  maxParallel: number,
) {
  const { definition } = parseWorkflow(yaml, { file: 'bench.yaml', actions: builtinActions });
  const def = definition as WorkflowDefinition;
  const db = await openDatabase({ databaseUrl, workspaceDir });
  try {
    const repo = new RunRepository(db.prisma);
    const run = await repo.createRun({
      workflowName: def.name,
      workspaceDir,
      definitionYaml: yaml,
      definition: def,
      triggeredBy: 'bench',
      lease: { owner: 'bench', ttlMs: 30_000 },
    });
    const start = process.hrtime.bigint();
    const executor = new RunExecutor(run.id, def, initialRunState(def), repo, builtinActions, {
      maxParallel,
      retryDelayMs: () => 0,
      runnerId: 'bench',
      leaseMs: 30_000,
      lastSeq: 0,
      workspaceDir,
      baseEnv: { PATH: processEnvironment().PATH ?? '' },
      cancelRequested: async () => false,
      pollDecisions: async () => [],
    });
    const final = await executor.execute('start');
    if (final.status !== 'succeeded') throw new Error(`bench run ${final.status}`);
    return ms(start);
  } finally {
    await db.close();
  }
}

async function benchExecution(): Promise<void> {
  console.log('\nExecution (executor + storage: every transition committed with its events)');
  console.log('  backend    workload                      ms  ms/step');
  const workspaceDir = mkdtempSync(join(tmpdir(), 'arcflow-bench-'));
  const pg = await createTestPostgresDatabase();
  const rows: Record<string, number> = {};
  try {
    for (const [label, yaml, n, parallel] of [
      ['200 noop steps, 4 wide', layeredYaml(200, 4), 200, 4],
      ['40 shell `true`', layeredYaml(40, 1, 'true'), 40, 1],
      ['40 × sleep 0.2, 4 wide', layeredYaml(40, 4, 'sleep 0.2'), 40, 4],
      ['40 × sleep 0.2, serial', layeredYaml(40, 1, 'sleep 0.2'), 40, 1],
    ] as const) {
      for (const [backend, url] of [
        ['pglite', undefined],
        ['postgres', pg.url],
      ] as const) {
        const took = await executeOnce(url, workspaceDir, yaml, parallel);
        rows[`${backend}:${label}`] = took;
        console.log(
          `  ${backend.padEnd(9)}  ${label.padEnd(24)} ${fmt(took, 0)} ${fmt(took / n, 2)}`,
        );
      }
    }
  } finally {
    await pg.drop();
    rmSync(workspaceDir, { recursive: true, force: true });
  }
  const ratio = (a: string, b: string) => (rows[a]! / rows[b]!).toFixed(2);
  console.log(
    `  postgres / pglite, 200 noop steps: ${ratio('postgres:200 noop steps, 4 wide', 'pglite:200 noop steps, 4 wide')}x`,
  );
  for (const backend of ['pglite', 'postgres']) {
    const serial = `${backend}:40 × sleep 0.2, serial`;
    const wide = `${backend}:40 × sleep 0.2, 4 wide`;
    console.log(
      `  speed-up of 4 wide over serial (${backend}): ${ratio(serial, wide)}x (ideal 4x)`,
    );
    const overhead = (rows[serial]! - 40 * 200) / 40;
    console.log(
      `  overhead per step around a 200 ms shell step (${backend}): ${overhead.toFixed(1)} ms`,
    );
  }
}

benchValidation();
benchScheduler();
await benchExecution();
