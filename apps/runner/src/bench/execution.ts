import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinActions } from '@arcflow/actions';
import { createStore, openDatabase, pgliteDataDir } from '@arcflow/db';
import {
  builtinActionSpecs,
  initialRunState,
  parseWorkflow,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { processEnvironment } from '../env.ts';
import { noSecretsSet } from '../identity/secret-resolver.ts';
import { RunExecutor } from '../worker/run-executor.ts';
import { makeMs, pgCommitMs, pgliteCommitMs } from './floors.ts';
import { msSince } from './measure.ts';
import { ms, type Row } from './table.ts';
import { layeredYaml } from './workloads.ts';

/** Runs `yaml` once with the executor and the store, as `arcflow run` does; wall ms. */
async function executeOnce(databaseUrl: string | undefined, workspaceDir: string, yaml: string) {
  const { definition, diagnostics } = parseWorkflow(yaml, {
    file: 'bench.yaml',
    actions: builtinActionSpecs,
  });
  if (!definition) throw new Error(`bench workflow is invalid: ${diagnostics[0]?.message}`);
  const def = definition as WorkflowDefinition;
  const db = await openDatabase({ databaseUrl, workspaceDir });
  try {
    const store = createStore(db.prisma, db.sql);
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
      maxParallel: def.maxParallel ?? 64,
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

/** Milliseconds from the first to the last of the `date +%s%N` stamps in `file`. */
function spreadMs(file: string): number {
  const starts = readFileSync(file, 'utf8').trim().split('\n').map(Number);
  return (Math.max(...starts) - Math.min(...starts)) / 1e6;
}

const CHAIN = 100;
const NOOPS = 200;
const FAN = 48;

/**
 * Per backend: a chain of shell `true` steps against make running the same chain, a noop step
 * against one raw commit, and 48 parallel `sleep 0.5` against the ideal and `make -j48`.
 */
export async function benchExecution(
  backend: 'postgres' | 'pglite',
  databaseUrl: string | undefined,
): Promise<Row[]> {
  const workspaceDir = mkdtempSync(join(tmpdir(), `arcflow-bench-${backend}-`));
  try {
    const chain =
      (await executeOnce(databaseUrl, workspaceDir, layeredYaml(CHAIN, 1, 'true'))) / CHAIN;
    const noop = (await executeOnce(databaseUrl, workspaceDir, layeredYaml(NOOPS, 1))) / NOOPS;

    const startsFile = join(workspaceDir, 'starts.txt');
    const recipe = `date +%s%N >> ${startsFile} && sleep 0.5`;
    const fan = await executeOnce(databaseUrl, workspaceDir, layeredYaml(FAN, FAN, recipe, 64));
    const spread = spreadMs(startsFile);

    // The commit floor last: on PGlite it opens the workspace's database once the runs closed it.
    const commit =
      backend === 'postgres'
        ? await pgCommitMs(databaseUrl!)
        : await pgliteCommitMs(pgliteDataDir(workspaceDir));
    const makeChain = makeMs(CHAIN, 'true', { chained: true, jobs: 1 });
    const makeStartsFile = join(workspaceDir, 'make-starts.txt');
    const makeFan = makeMs(FAN, `date +%s%N >> ${makeStartsFile} && sleep 0.5`, {
      chained: false,
      jobs: FAN,
    });
    const makeSpread = makeFan === null ? null : spreadMs(makeStartsFile);

    const rows: Row[] = [
      {
        measure: `${backend}: chain of ${CHAIN} shell \`true\`, per step`,
        floor: makeChain === null ? 'make not installed' : `make ${ms(makeChain / CHAIN, 2)}`,
        arcflow: ms(chain),
        ratio: makeChain === null ? undefined : chain / (makeChain / CHAIN),
        goal: '≤ 3x make',
      },
      {
        measure: `${backend}: noop step (chain of ${NOOPS})`,
        floor: `raw commit ${ms(commit, 2)}`,
        arcflow: ms(noop),
        ratio: noop / commit,
        goal: '≤ 2x the commit',
      },
      {
        measure: `${backend}: ${FAN} × sleep 0.5, max_parallel 64`,
        floor: 'ideal 500 ms',
        arcflow: ms(fan, 0),
        ratio: fan / 500,
        goal: '≤ 1.2x ideal',
      },
      {
        measure: `${backend}: ${FAN} × sleep 0.5 vs make -j${FAN}`,
        floor: makeFan === null ? 'make not installed' : `make -j${FAN} ${ms(makeFan, 0)}`,
        arcflow: ms(fan, 0),
        ratio: makeFan === null ? undefined : fan / makeFan,
        goal: '≤ 1.1x make -j',
      },
      {
        measure: `${backend}: spread of the ${FAN} starts (first to last)`,
        floor: makeSpread === null ? 'make not installed' : `make -j${FAN} ${ms(makeSpread)}`,
        arcflow: ms(spread),
        ratio: makeSpread === null ? undefined : spread / makeSpread,
        goal: 'a few ms',
      },
    ];
    return rows;
  } finally {
    rmSync(workspaceDir, { recursive: true, force: true });
  }
}
