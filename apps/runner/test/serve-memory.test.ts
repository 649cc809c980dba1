import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVE_NODE_FLAGS } from '../bin/serve-node-flags.mjs';
import { httpClient, type ServeProcess, startServe } from './helpers/serve.ts';
import { TestWorkspace } from './helpers/workspace.ts';

const MB = 1024 * 1024;
/**
 * The budget for an idle `arcflow serve` (issue 16), held against the memory that is
 * the process's own: its RSS also counts ~40 MB of node's binary, shared with every node
 * process on the machine. Before issue 16 the runner's own memory here was ~340 MB.
 */
const IDLE_OWN_BUDGET = 150 * MB;
/** How much an idle runner may keep after serving runs, over what it held before any. */
const GROWTH_BUDGET = 40 * MB;
/** V8 shrinks an idle heap some seconds after the last request (its memory reducer). */
const SETTLE_MS = 12_000;

/** 60 steps in layers of 6, some printing and writing outputs: a small but real run. */
function workflowYaml(): string {
  const lines = ['name: memory-load', 'steps:'];
  for (let i = 0; i < 60; i++) {
    lines.push(`  - id: s${i}`);
    if (i % 3 === 0) {
      lines.push(
        '    action: shell',
        `    with: { run: "seq 1 200; echo n=${i} >> $ARCFLOW_OUTPUT" }`,
      );
    } else {
      lines.push('    action: noop');
    }
    if (i >= 6) lines.push(`    depends_on: [s${i - 6}, s${i - 6 - (i % 6)}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Resident memory of a live process (`VmRSS`), and the part that is its own (`RssAnon`). */
function residentBytes(pid: number): { rss: number; own: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kb('VmRSS') * 1024, own: kb('RssAnon') * 1024 };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const shown = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

describe('the memory an embedded-database runner keeps (issue 16)', () => {
  const ws = new TestWorkspace();
  let serve: ServeProcess;

  beforeAll(async () => {
    ws.workflow('memory-load', workflowYaml());
    // PGlite (no DATABASE_URL), started as `npm start` starts it.
    serve = await startServe({
      cwd: ws.dir,
      nodeArgs: SERVE_NODE_FLAGS,
      env: { DATABASE_URL: undefined },
    });
  }, 90_000);
  afterAll(async () => {
    await serve?.stop();
    ws.remove();
  });

  it('stays within 150 MB idle, and within 40 MB of that after serving runs', async () => {
    const pid = serve.child.pid as number;
    await settle();
    const idle = residentBytes(pid);

    const api = httpClient(serve.url);
    for (let round = 0; round < 3; round++) {
      const { id } = await api.runs.start.mutate({ workflow: 'memory-load' });
      for (;;) {
        const run = await api.runs.overview.query({ runId: id });
        if (run.status === 'succeeded') break;
        expect(['queued', 'running']).toContain(run.status);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    await settle();
    const afterRuns = residentBytes(pid);

    const figures = `idle ${shown(idle.rss)} (own ${shown(idle.own)}), after 3 runs ${shown(afterRuns.rss)} (own ${shown(afterRuns.own)})`;
    console.info(`arcflow serve on PGlite: ${figures}`);
    expect(idle.own, figures).toBeLessThanOrEqual(IDLE_OWN_BUDGET);
    expect(afterRuns.own - idle.own, figures).toBeLessThanOrEqual(GROWTH_BUDGET);
  }, 180_000);
});
