import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneBackend } from './helpers/backends.ts';
import { cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';

// Every instance appends a line to its own marker file, so the files count real executions.
const MATRIX = `
name: matrix
steps:
  - id: test
    action: shell
    matrix: { node: [20, 22], os: [linux, mac], exclude: [{ node: 20, os: mac }] }
    with: { run: 'echo ran >> marks/test-\${{ matrix.node }}-\${{ matrix.os }}; echo "v=\${{ matrix.node }}" >> "$ARCFLOW_OUTPUT"' }
  - id: after
    action: shell
    depends_on: [test]
    with: { run: "echo '\${{ steps.test.outputs.v }}' > marks/after" }
`;

// One instance fails until the file "fixed" exists; with max_parallel 1 and fail_fast the
// instances after it never start.
const FAIL_FAST = `
name: fail-fast
steps:
  - id: check
    action: shell
    matrix: { n: [1, 2, 3] }
    max_parallel: 1
    with: { run: 'echo ran >> marks/check-\${{ matrix.n }}; test "\${{ matrix.n }}" != 2 || test -f fixed' }
`;

// The list comes from a file the test changes between the run and its resume.
const FOR_EACH = `
name: for-each
steps:
  - id: list
    action: shell
    with: { run: 'echo "packages=$(cat list.json)" >> "$ARCFLOW_OUTPUT"' }
  - id: build
    action: shell
    depends_on: [list]
    for_each: \${{ steps.list.outputs.packages }}
    fail_fast: false
    with: { run: 'echo ran >> marks/build-\${{ item }}; test "\${{ item }}" != b || test -f fixed' }
`;

describe('fan-out with real processes', () => {
  let ws: { dir: string; env: Record<string, string | undefined>; cleanup(): Promise<void> };
  const run = (args: string[]) => cliJson<RunJson>(args, { cwd: ws.dir, env: ws.env });
  const marks = async () => {
    const names = (await readdir(join(ws.dir, 'marks'))).sort();
    const counts: Record<string, number> = {};
    for (const name of names) {
      const text = await readFile(join(ws.dir, 'marks', name), 'utf8');
      counts[name] = text.split('\n').filter((l) => l === 'ran').length;
    }
    return counts;
  };
  const statuses = (json: RunJson) =>
    Object.fromEntries(json.steps.map((step) => [step.id, step.status]));

  beforeAll(async () => {
    ws = await oneBackend().create();
    const workflows = join(ws.dir, '.mia', 'workflows');
    await mkdir(workflows, { recursive: true });
    await writeFile(join(workflows, 'matrix.yaml'), MATRIX);
    await writeFile(join(workflows, 'fail-fast.yaml'), FAIL_FAST);
    await writeFile(join(workflows, 'for-each.yaml'), FOR_EACH);
  }, 60_000);
  afterAll(() => ws?.cleanup());

  const fresh = async () => {
    await rm(join(ws.dir, 'marks'), { recursive: true, force: true });
    await rm(join(ws.dir, 'fixed'), { force: true });
    await mkdir(join(ws.dir, 'marks'));
  };

  it('runs one instance per combination left after exclude, then the step after the group once', async () => {
    await fresh();
    const ran = await run(['run', 'matrix', '--json']);
    expect(ran.code).toBe(0);
    expect(await marks()).toEqual({
      'test-20-linux': 1,
      'test-22-linux': 1,
      'test-22-mac': 1,
      after: 0,
    });
    expect(await readFile(join(ws.dir, 'marks', 'after'), 'utf8')).toBe('["20","22","22"]\n');
    expect(statuses(ran.json)).toEqual({
      'test[20,linux]': 'succeeded',
      'test[22,linux]': 'succeeded',
      'test[22,mac]': 'succeeded',
      test: 'succeeded',
      after: 'succeeded',
    });
  }, 120_000);

  it('fails fast, and a resume runs the failed and the canceled instances only', async () => {
    await fresh();
    const failed = await run(['run', 'fail-fast', '--json']);
    expect(failed.code).not.toBe(0);
    expect(await marks()).toEqual({ 'check-1': 1, 'check-2': 1 });
    expect(statuses(failed.json)).toEqual({
      'check[1]': 'succeeded',
      'check[2]': 'failed',
      'check[3]': 'canceled',
      check: 'failed',
    });
    await writeFile(join(ws.dir, 'fixed'), '');
    const resumed = await run(['resume', failed.json.id, '--json']);
    expect(resumed.code).toBe(0);
    expect(await marks()).toEqual({ 'check-1': 1, 'check-2': 2, 'check-3': 1 });
  }, 120_000);

  it('expands for_each from an output at run time; a resume keeps the same instances', async () => {
    await fresh();
    await writeFile(join(ws.dir, 'list.json'), '["a","b","c"]');
    const failed = await run(['run', 'for-each', '--json']);
    expect(failed.code).not.toBe(0);
    expect(await marks()).toEqual({ 'build-a': 1, 'build-b': 1, 'build-c': 1 });
    const expanded = failed.json.events.find((e) => e.type === 'step.expanded');
    expect(expanded?.stepId).toBe('build');
    // the list changes; the run keeps the instances it recorded
    await writeFile(join(ws.dir, 'list.json'), '["x","y"]');
    await writeFile(join(ws.dir, 'fixed'), '');
    const resumed = await run(['resume', failed.json.id, '--json']);
    expect(resumed.code).toBe(0);
    expect(await marks()).toEqual({ 'build-a': 1, 'build-b': 2, 'build-c': 1 });
    expect(statuses(resumed.json)).toEqual({
      list: 'succeeded',
      build: 'succeeded',
      'build[a]': 'succeeded',
      'build[b]': 'succeeded',
      'build[c]': 'succeeded',
    });
  }, 120_000);

  it('the workspace-packages template builds and tests each member of a monorepo as its own beat', async () => {
    await fresh();
    const member = (name: string, test: string) =>
      `build:\n\tmkdir -p dist && echo ran >> ../../marks/build-${name}\ntest:\n\t${test}\n`;
    await mkdir(join(ws.dir, 'packages', 'a'), { recursive: true });
    await mkdir(join(ws.dir, 'packages', 'b'), { recursive: true });
    await mkdir(join(ws.dir, 'packages', 'no-project'), { recursive: true });
    await writeFile(
      join(ws.dir, 'packages', 'a', 'Makefile'),
      member('a', '@echo "ok 1 - a"; echo "1..1"'),
    );
    await writeFile(
      join(ws.dir, 'packages', 'b', 'Makefile'),
      member('b', '@echo "not ok 1 - b adds"; echo "1..1"; exit 1'),
    );
    const ran = await run([
      'run',
      'workspace-packages',
      '--input',
      'packages=packages/*',
      '--json',
    ]);
    expect(ran.code).not.toBe(0);
    expect(await marks()).toEqual({ 'build-a': 1, 'build-b': 1 });
    expect(statuses(ran.json)).toEqual({
      members: 'succeeded',
      build: 'succeeded',
      test: 'failed',
      'build[packages-a]': 'succeeded',
      'build[packages-b]': 'succeeded',
      'test[packages-a]': 'succeeded',
      'test[packages-b]': 'failed',
    });
    const tension = ran.json.events.find((e) => e.type === 'step.failed' && e.stepId === 'test');
    expect(tension?.story.text).toBe('test broke on 1 of 2 instances: packages/b.');
  }, 120_000);
});
