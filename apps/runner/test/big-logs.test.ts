import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneBackend } from './helpers/backends.ts';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';

// A step printing far more than the cap: 1,000,000 numbered lines (6.9 MB) against 200 kB.
const FLOOD = `
name: flood
steps:
  - id: flood
    action: shell
    with: { run: "seq 1 1000000; echo done >&2; exit 3" }
`;

describe('a step printing more than the log cap', () => {
  let ws: { dir: string; env: Record<string, string | undefined>; cleanup(): Promise<void> };
  let ran: { code: number | null; json: RunJson };
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    ws = await oneBackend().create();
    await mkdir(join(ws.dir, '.mia', 'workflows'), { recursive: true });
    await writeFile(join(ws.dir, '.mia', 'workflows', 'flood.yaml'), FLOOD);
    env = { ...ws.env, ARCFLOW_STEP_LOG_MAX_BYTES: '200000' };
    ran = await cliJson<RunJson>(['run', 'flood', '--json'], { cwd: ws.dir, env });
  }, 120_000);
  afterAll(() => ws?.cleanup());

  it('stores the head and the tail, says what was dropped, and fails on the real last lines', async () => {
    expect(ran.code).not.toBe(0);
    const logs = await cli(['logs', ran.json.id, 'flood'], { cwd: ws.dir, env });
    expect(logs.code).toBe(0);
    const lines = logs.stdout.trimEnd().split('\n').slice(1); // after the attempt header
    const reached = lines.findIndex((l) => l.includes('the log reached'));
    const dropped = lines.findIndex((l) => l.includes('dropped; the last'));
    const head = lines.slice(0, reached);
    const tail = lines.slice(dropped + 1);
    // The head: the first 100 kB, as printed, then a line saying the rest is held back.
    expect(head.map(Number)).toEqual(head.map((_, i) => i + 1));
    expect(head.reduce((n, l) => n + l.length + 1, 0)).toBeLessThanOrEqual(100_000);
    expect(lines.slice(reached, reached + 1)).toEqual([
      '… the log reached 100 kB: what follows is held back, and its last 100 kB are stored when the step ends …',
    ]);
    expect(dropped).toBe(reached + 1);
    // The tail: the last 100 kB, the stderr line last; between them, what was dropped.
    expect(tail.at(-1)).toBe('done');
    const first = Number(tail[0]);
    expect(tail.slice(0, -1).map(Number)).toEqual(tail.slice(0, -1).map((_, i) => first + i));
    expect(tail.at(-2)).toBe('1000000');
    const droppedLines = 1_000_001 - head.length - tail.length;
    expect(lines.slice(dropped, dropped + 1)).toEqual([
      `… ${droppedLines.toLocaleString('en-US')} lines (6.7 MB) dropped; the last 100 kB (${tail.length.toLocaleString('en-US')} lines) follow …`,
    ]);
    expect(ran.json.steps[0]?.attemptHistory[0]?.failure).toMatchObject({ lastLines: ['done'] });
  });

  it('pages the stored log with --tail', async () => {
    const tail = await cli(['logs', ran.json.id, 'flood', '--tail', '3'], { cwd: ws.dir, env });
    expect(tail.stdout.trimEnd().split('\n').slice(1)).toEqual(['999999', '1000000', 'done']);
    const everyStep = await cli(['logs', ran.json.id, '--tail', '1'], { cwd: ws.dir, env });
    expect(everyStep.stdout).toMatch(/flood │ .*done/);
  });
});
