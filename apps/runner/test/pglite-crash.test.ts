import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pgliteDataDir } from '@arcflow/db';
import { createTestWorkspace, type TestWorkspace } from '@arcflow/db/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { crashSeed } from './helpers/env.ts';
import { type KillableServe, spawnServe } from './helpers/killable-serve.ts';
import { httpClient } from './helpers/serve.ts';
import { sleep, waitFor } from './helpers/workspace.ts';

/**
 * Crash safety of the embedded database: `arcflow serve` on PGlite is SIGKILLed at random
 * moments — while it starts, while a run is being created, early, midway and late in a run —
 * ten times in a row. After each kill the runner must start again on the same data
 * directory, every earlier run must read exactly as before, and the interrupted run must
 * finish: on its own, or after the documented `runs.resume` when a step was interrupted.
 * A step whose success was recorded before the kill must not run again (marker files count
 * the executions). `ARCFLOW_CRASH_SEED=<n>` repeats a sequence of kills.
 */

const LANES = 3;
const STEPS_PER_LANE = 8;
const LOG_LINES = 5;

/** Three lanes of eight short steps, then a join: a run of a second or two, ~75 commits. */
function crashWorkflow(): string {
  const lines = ['name: crash', `max_parallel: ${LANES}`, 'steps:'];
  const ids: string[] = [];
  for (let lane = 0; lane < LANES; lane++) {
    for (let i = 0; i < STEPS_PER_LANE; i++) {
      const id = `l${lane}s${i}`;
      ids.push(id);
      lines.push(
        `  - id: ${id}`,
        '    action: shell',
        `    with: { run: 'echo "$ARCFLOW_ATTEMPT" >> "$MARKERS/$ARCFLOW_RUN_ID.$ARCFLOW_STEP_ID"; for n in $(seq ${LOG_LINES}); do echo "${id} line $n"; done; sleep 0.02; echo "done=${id}" >> "$ARCFLOW_OUTPUT"' }`,
        ...(i > 0 ? [`    depends_on: [l${lane}s${i - 1}]`] : []),
      );
    }
  }
  lines.push(
    '  - id: join',
    '    action: shell',
    `    with: { run: 'echo "$ARCFLOW_ATTEMPT" >> "$MARKERS/$ARCFLOW_RUN_ID.$ARCFLOW_STEP_ID"; echo joined' }`,
    `    depends_on: [${Array.from({ length: LANES }, (_, lane) => `l${lane}s${STEPS_PER_LANE - 1}`).join(', ')}]`,
    '',
  );
  return lines.join('\n');
}

/** A small seeded PRNG (mulberry32): the same seed, the same kills. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Phase = 'start-up' | 'creating' | 'early' | 'mid' | 'late';
/** Ten kills, two per phase, in an order the seed shuffles. */
const PHASES: Phase[] = ['start-up', 'creating', 'early', 'mid', 'late'].flatMap(
  (phase) => [phase, phase] as Phase[],
);
/** Where in a run (ms after it was created) each phase's kill lands. */
const WINDOWS: Record<Exclude<Phase, 'creating'>, [number, number]> = {
  'start-up': [0, 1200],
  early: [0, 250],
  mid: [250, 800],
  late: [800, 1600],
};

type Api = ReturnType<typeof httpClient>;
type RunJson = Awaited<ReturnType<Api['runs']['get']['query']>>;

/** What must survive a kill unchanged: the run, its steps, their attempts and the event log. */
function recorded(run: RunJson) {
  return {
    status: run.status,
    finishedAt: run.finishedAt,
    resumeCount: run.resumeCount,
    steps: run.steps.map((step) => ({
      id: step.id,
      status: step.status,
      attempts: step.attempts,
      outputs: step.outputs,
      attemptHistory: step.attemptHistory.map((a) => ({
        number: a.number,
        status: a.status,
        exitCode: a.exitCode,
      })),
    })),
    events: run.events.map((e) => `${e.seq} ${e.type} ${e.stepId ?? ''}#${e.attempt ?? ''}`),
  };
}

const FINAL = new Set(['succeeded', 'failed', 'canceled']);

let workspace: TestWorkspace;
let markers: string;
let serve: KillableServe | undefined;

beforeAll(async () => {
  workspace = await createTestWorkspace({ pglite: true });
  mkdirSync(join(workspace.dir, '.mia', 'workflows'), { recursive: true });
  writeFileSync(join(workspace.dir, '.mia', 'workflows', 'crash.yaml'), crashWorkflow());
  markers = join(workspace.dir, 'markers');
  mkdirSync(markers);
});

afterAll(async () => {
  await serve?.stop();
  await workspace?.cleanup();
});

function startServe(): KillableServe {
  serve = spawnServe({
    cwd: workspace.dir,
    env: { DATABASE_URL: undefined, MARKERS: markers },
  });
  return serve;
}

function executions(runId: string, stepId: string): number[] {
  try {
    return readFileSync(join(markers, `${runId}.${stepId}`), 'utf8')
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return [];
  }
}

async function finished(api: Api, runId: string, timeoutMs = 60_000): Promise<RunJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await api.runs.get.query({ runId });
    if (FINAL.has(run.status)) return run;
    if (Date.now() > deadline) {
      throw new Error(
        `run ${runId} is still ${run.status} ${timeoutMs / 1000} s after the restart`,
      );
    }
    await sleep(100);
  }
}

async function stepLogs(api: Api, run: RunJson): Promise<Record<string, string[]>> {
  const pages = await Promise.all(
    run.steps.map((step) =>
      api.runs.logs
        .query({ runId: run.id, stepId: step.id, tail: 100 })
        .then((page) => [step.id, page.lines.map((line) => line.text)]),
    ),
  );
  return Object.fromEntries(pages);
}

test('SIGKILL at random moments, ten times: the data directory opens, runs are intact, the interrupted run finishes', async () => {
  const seed = crashSeed() ?? Math.floor(Math.random() * 2 ** 31);
  console.info(`pglite-crash: seed ${seed} (ARCFLOW_CRASH_SEED=${seed} repeats these kills)`);
  const random = prng(seed);
  const between = ([low, high]: [number, number]) => Math.round(low + random() * (high - low));
  const phases = [...PHASES].sort(() => random() - 0.5);

  /** Every ended run as it read when it ended, with its logs. */
  const ended = new Map<
    string,
    { run: ReturnType<typeof recorded>; logs: Record<string, string[]> }
  >();
  const restartMs: number[] = [];
  const resumedAfter: string[] = [];
  let startUpMs = 3000;

  let url = await startServe().ready();
  for (const [i, phase] of phases.entries()) {
    const api = httpClient(url);
    // start a run, then kill at a moment of the phase, keeping what was last read before it
    let runId: string | undefined;
    let beforeKill: RunJson | undefined;
    const starting = api.runs.start.mutate({ workflow: 'crash' }).then((run) => {
      runId = run.id;
      return run;
    });
    starting.catch(() => {});
    let delay: number;
    if (phase === 'creating') {
      delay = between([0, 250]);
      await sleep(delay);
    } else {
      const createdAt = Date.now();
      await starting;
      delay = between(WINDOWS[phase]);
      await sleep(Math.max(0, createdAt + delay - Date.now()));
      beforeKill = await api.runs.get.query({ runId: runId as string });
    }
    await serve?.kill();

    let killedAtStartUp: number | undefined;
    if (phase === 'start-up') {
      // the restart is killed too, while it opens the database and adopts the run
      killedAtStartUp = between([0, startUpMs]);
      startServe();
      await sleep(killedAtStartUp);
      await serve?.kill();
    }
    const resumes = resumedAfter.length;
    const restarting = Date.now();
    url = await startServe().ready();
    restartMs.push(Date.now() - restarting);
    startUpMs = Math.max(500, Math.min(startUpMs, restartMs.at(-1) ?? startUpMs));
    const after = httpClient(url);
    console.info(
      `pglite-crash: kill ${i + 1} (${phase}, ${delay} ms${killedAtStartUp !== undefined ? `, restart killed at ${killedAtStartUp} ms` : ''}): restarted in ${restartMs.at(-1)} ms`,
    );

    // every run that had ended reads as it did (their logs are compared after the last kill)
    const earlier = await Promise.all(
      [...ended.keys()].map((id) => after.runs.get.query({ runId: id })),
    );
    for (const run of earlier) {
      expect(recorded(run), `run ${run.id} after kill ${i + 1}`).toEqual(ended.get(run.id)?.run);
    }

    // the run the kill interrupted: created (if its start had answered) and finishing
    const listed = await after.runs.list.query({ limit: 100 });
    const unseen = listed.items.filter((run) => !ended.has(run.id));
    if (runId) expect(unseen.map((run) => run.id)).toEqual([runId]);
    expect(unseen.length, 'runs started before the kill and not ended').toBeLessThanOrEqual(1);
    const interrupted = unseen[0];
    if (!interrupted) continue; // killed before the run's creation committed
    let run = await finished(after, interrupted.id);
    if (run.status === 'failed') {
      // a step without retries that the kill interrupted fails the run; the documented
      // way on is to resume it
      const failures = run.steps.filter((step) => step.status === 'failed');
      expect(failures.length).toBeGreaterThan(0);
      for (const step of failures) {
        expect(step.attemptHistory.at(-1)?.status, `${step.id} of run ${run.id}`).toBe(
          'interrupted',
        );
      }
      await after.runs.resume.mutate({ runId: run.id });
      run = await finished(after, run.id);
      resumedAfter.push(phase);
    }
    expect(run.status).toBe('succeeded');

    // a step recorded as succeeded before the kill did not run again; every run of a step
    // is a recorded attempt; logs are whole
    for (const step of run.steps) {
      const ran = executions(run.id, step.id);
      expect(ran.length, `executions of ${step.id}`).toBeGreaterThan(0);
      expect(Math.max(...ran), `attempts of ${step.id}`).toBeLessThanOrEqual(step.attempts);
      const earlier = beforeKill?.steps.find((s) => s.id === step.id);
      if (earlier?.status === 'succeeded') {
        expect(ran, `${step.id} succeeded before the kill`).toEqual([earlier.attempts]);
        expect(step.attempts).toBe(earlier.attempts);
      }
    }
    const logs = await stepLogs(after, run);
    for (const step of run.steps.filter((s) => s.id !== 'join')) {
      expect(logs[step.id], `log of ${step.id}`).toEqual(
        Array.from({ length: LOG_LINES }, (_, n) => `${step.id} line ${n + 1}`),
      );
    }
    ended.set(run.id, { run: recorded(run), logs });
    console.info(
      `pglite-crash: run ${run.id} succeeded${resumedAfter.length > resumes ? ' after runs.resume' : ''}, checked ${Date.now() - restarting} ms after the restart began`,
    );
  }

  const api = httpClient(url);
  for (const [id, before] of ended) {
    const run = await api.runs.get.query({ runId: id });
    expect(recorded(run), `run ${id} at the end`).toEqual(before.run);
    expect(await stepLogs(api, run), `logs of run ${id} at the end`).toEqual(before.logs);
  }

  const sorted = [...restartMs].sort((a, b) => a - b);
  console.info(
    `pglite-crash: ${phases.length} kills (seed ${seed}); restart after a kill median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms; ` +
      `${resumedAfter.length} runs resumed by runs.resume (${resumedAfter.join(', ') || 'none'}); ${ended.size} runs intact`,
  );
  expect(await serve?.stop()).toBe(0);
  serve = undefined;
}, 300_000);

test('a first start killed while it creates the database: the next start creates it anew', async () => {
  const seed = crashSeed() ?? Math.floor(Math.random() * 2 ** 31);
  console.info(`pglite-crash (first start): seed ${seed}`);
  const random = prng(seed);
  const fresh = await createTestWorkspace();
  const dataDir = pgliteDataDir(fresh.dir);
  const begun = () =>
    [dataDir, `${dataDir}.new`].some((dir) => existsSync(dir) && readdirSync(dir).length > 0);
  try {
    for (let kill = 1; kill <= 2; kill++) {
      const first = spawnServe({ cwd: fresh.dir, env: { DATABASE_URL: undefined } });
      serve = first;
      await waitFor(begun, 60_000, 'the database directory to be created');
      const delay = Math.round(200 + random() * 1800);
      await sleep(delay);
      const listening = /listening on/.test(first.stderr());
      await first.kill();
      console.info(
        `pglite-crash (first start): kill ${kill} ${delay} ms into the creation${listening ? ' (too late: it had started)' : ''}`,
      );
    }
    const started = Date.now();
    const last = spawnServe({ cwd: fresh.dir, env: { DATABASE_URL: undefined } });
    serve = last;
    await last.ready();
    console.info(`pglite-crash (first start): started in ${Date.now() - started} ms`);
    expect(await last.stop()).toBe(0);
    serve = undefined;
    expect(existsSync(`${dataDir}.new`)).toBe(false);
  } finally {
    await serve?.kill();
    serve = undefined;
    await fresh.cleanup();
  }
}, 300_000);
