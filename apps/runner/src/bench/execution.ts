import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinActions } from '@arcflow/actions';
import { createStore, openDatabase } from '@arcflow/db';
import { createTestPostgresDatabase } from '@arcflow/db/testing';
import {
  builtinActionSpecs,
  initialRunState,
  parseWorkflow,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { processEnvironment } from '../env.ts';
import { noSecretsSet } from '../identity/secret-resolver.ts';
import { RunExecutor } from '../worker/run-executor.ts';
import { type Floors, measureFloors } from './floors.ts';
import { fmt, msSince } from './measure.ts';
import { layeredYaml } from './workloads.ts';

async function executeOnce(
  databaseUrl: string | undefined,
  workspaceDir: string,
  yaml: string,
  maxParallel: number,
) {
  const { definition } = parseWorkflow(yaml, { file: 'bench.yaml', actions: builtinActionSpecs });
  const def = definition as WorkflowDefinition;
  const db = await openDatabase({ databaseUrl, workspaceDir });
  try {
    const store = createStore(db.prisma);
    const run = await store.runs.create({
      workflowName: def.name,
      workspaceDir,
      definitionYaml: yaml,
      definition: def,
      triggeredBy: 'bench',
      lease: { owner: 'bench', ttlMs: 30_000 },
    });
    const start = process.hrtime.bigint();
    const executor = new RunExecutor(run.id, def, initialRunState(def), store, builtinActions, {
      maxParallel,
      retryDelayMs: () => 0,
      runnerId: 'bench',
      leaseMs: 30_000,
      lastSeq: 0,
      workspaceDir,
      baseEnv: { PATH: processEnvironment().PATH ?? '' },
      secrets: noSecretsSet,
      cancelRequested: async () => false,
      pollDecisions: async () => [],
    });
    const final = await executor.execute('start');
    if (final.status !== 'succeeded') throw new Error(`bench run ${final.status}`);
    return msSince(start);
  } finally {
    await db.close();
  }
}

export async function benchExecution(): Promise<void> {
  console.log('\nExecution (executor + storage: every transition committed with its events)');
  console.log('  backend    workload                      ms  ms/step');
  const workspaceDir = mkdtempSync(join(tmpdir(), 'arcflow-bench-'));
  const pg = await createTestPostgresDatabase();
  const rows: Record<string, number> = {};
  let floors: Floors;
  try {
    floors = await measureFloors(pg.url);
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
  const noopPerStep = rows['postgres:200 noop steps, 4 wide']! / 200;
  console.log(
    `  floor: a raw PostgreSQL commit takes ${floors.pgCommitMs.toFixed(2)} ms; a noop step on PostgreSQL costs ${(noopPerStep / floors.pgCommitMs).toFixed(1)}x that`,
  );
  if (floors.make40TrueMs !== null) {
    for (const backend of ['pglite', 'postgres']) {
      const shell = rows[`${backend}:40 shell \`true\``]!;
      console.log(
        `  floor: make runs 40 \`true\` in ${floors.make40TrueMs.toFixed(0)} ms; 40 shell steps on ${backend} take ${(shell / floors.make40TrueMs).toFixed(1)}x that`,
      );
    }
  }
}
