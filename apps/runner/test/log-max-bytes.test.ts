import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneBackend } from './helpers/backends.ts';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';

// Two steps printing 2,000 numbered lines (8.9 kB) each: one under its own cap of 2KB, the
// other under the workflow's 3KB; the runner's default (1 MB here) would keep all of it.
const CAPPED = `
name: capped
log_max_bytes: 3KB
steps:
  - id: own
    action: shell
    log_max_bytes: 2000
    with: { run: "seq 1 2000" }
  - id: inherited
    action: shell
    with: { run: "seq 1 2000" }
`;

const BAD = `
name: bad
steps:
  - id: own
    action: shell
    log_max_bytes: plenty
    with: { run: "true" }
`;

describe('log_max_bytes in the workflow', () => {
  let ws: { dir: string; env: Record<string, string | undefined>; cleanup(): Promise<void> };
  let env: Record<string, string | undefined>;
  let ran: { code: number | null; json: RunJson };

  beforeAll(async () => {
    ws = await oneBackend().create();
    const workflows = join(ws.dir, '.mia', 'workflows');
    await mkdir(workflows, { recursive: true });
    await writeFile(join(workflows, 'capped.yaml'), CAPPED);
    await writeFile(join(workflows, 'bad.yaml'), BAD);
    env = { ...ws.env, ARCFLOW_STEP_LOG_MAX_BYTES: '1000000' };
    ran = await cliJson<RunJson>(['run', 'capped', '--json'], { cwd: ws.dir, env });
  }, 120_000);
  afterAll(() => ws?.cleanup());

  const storedLog = async (stepId: string) => {
    const logs = await cli(['logs', ran.json.id, stepId], { cwd: ws.dir, env });
    expect(logs.code).toBe(0);
    return logs.stdout.trimEnd().split('\n').slice(1); // after the attempt header
  };

  it.each([
    ['own', 1000],
    ['inherited', 1500],
  ])('step %s keeps the head and the tail of its log, %d bytes each', async (stepId, half) => {
    expect(ran.code).toBe(0);
    const lines = await storedLog(stepId);
    const reached = lines.findIndex((l) => l.includes('the log reached'));
    const dropped = lines.findIndex((l) => l.includes('dropped; the last'));
    expect(reached).toBeGreaterThan(0);
    expect(dropped).toBe(reached + 1);
    const head = lines.slice(0, reached);
    const tail = lines.slice(dropped + 1);
    expect(head.map(Number)).toEqual(head.map((_, i) => i + 1));
    const size = (part: string[]) => part.reduce((n, l) => n + l.length + 1, 0);
    expect(size(head)).toBeLessThanOrEqual(half);
    expect(size(head)).toBeGreaterThan(half - 6);
    expect(tail.at(-1)).toBe('2000');
    expect(tail.map(Number)).toEqual(tail.map((_, i) => 2001 - tail.length + i));
    expect(size(tail)).toBeLessThanOrEqual(half);
    const kB = (half / 1000).toFixed(1);
    expect(lines[reached]).toBe(
      `… the log reached ${kB} kB: what follows is held back, and its last ${kB} kB are stored when the step ends …`,
    );
    expect(lines[dropped]).toMatch(
      new RegExp(
        `^… ${(2000 - head.length - tail.length).toLocaleString('en-US')} lines \\(.+\\) dropped; the last .+ \\(${tail.length} lines\\) follow …$`,
      ),
    );
  });

  it('refuses a size it cannot read, at its line and column, saying the forms it takes', async () => {
    const result = await cli(['validate', 'bad'], { cwd: ws.dir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '.mia/workflows/bad.yaml:6:20: step "own": log_max_bytes: invalid size "plenty"; use a number of bytes or a string like 512KB, 10MB, 1GB (KiB, MiB, GiB count in 1024s)',
    );
  });
});
