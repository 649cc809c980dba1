import { readdirSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneBackend } from './helpers/backends.ts';
import { cliJson } from './helpers/cli.ts';
import { type RunJson, step } from './helpers/run-json.ts';

// `build` counts its real executions in executions.log (not one of its inputs) and publishes
// a digest of its inputs; `use` (not cached) writes what it read of it.
const CACHED = `
name: cached
inputs:
  flavor: { default: plain }
steps:
  - id: build
    action: shell
    cache:
      inputs: ["src/**"]
      key: \${{ inputs.flavor }}
    artifacts: ["dist/**"]
    with:
      run: |
        echo ran >> executions.log
        mkdir -p dist && cat src/*.txt > dist/out.txt
        echo "digest=$(cat src/*.txt | sha256sum | cut -c1-12)" >> "$ARCFLOW_OUTPUT"
  - id: use
    action: shell
    depends_on: build
    needs_artifacts: [build]
    with:
      run: |
        printf '%s' "\${{ steps.build.outputs.digest }}" > digest.out
        cp dist/out.txt used.out
`;

describe('the step cache', () => {
  let ws: { dir: string; env: Record<string, string | undefined>; cleanup(): Promise<void> };
  const executions = async () =>
    (await readFile(join(ws.dir, 'executions.log'), 'utf8')).trim().split('\n').length;
  const told = (ran: RunJson) =>
    ran.events.find((e) => e.type === 'step.succeeded' && e.stepId === 'build')?.story.text;
  const run = async (...args: string[]) => {
    const ran = await cliJson<RunJson>(['run', 'cached', '--json', ...args], {
      cwd: ws.dir,
      env: ws.env,
    });
    expect(ran.code).toBe(0);
    return ran.json;
  };

  beforeAll(async () => {
    ws = await oneBackend().create();
    await mkdir(join(ws.dir, '.mia', 'workflows'), { recursive: true });
    await writeFile(join(ws.dir, '.mia', 'workflows', 'cached.yaml'), CACHED);
    await mkdir(join(ws.dir, 'src'));
    await writeFile(join(ws.dir, 'src', 'a.txt'), 'one\n');
  }, 120_000);
  afterAll(() => ws?.cleanup());

  it('skips a step whose inputs did not change, runs it when they did or when told to', async () => {
    const first = await run();
    expect(await executions()).toBe(1);
    const digest = step(first, 'build').outputs?.digest;
    expect(digest).toMatch(/^[0-9a-f]{12}$/);

    await rm(join(ws.dir, 'dist'), { recursive: true }); // restored from the first run's artifacts
    await rm(join(ws.dir, 'used.out'));
    const second = await run();
    expect(await executions()).toBe(1); // not run again
    expect(step(second, 'build').outputs).toEqual({ digest, exitCode: 0 });
    expect(told(second)).toContain(`already told: no input changed since run ${first.id}`);
    expect(await readFile(join(ws.dir, 'digest.out'), 'utf8')).toBe(digest); // restored output read downstream
    expect(await readFile(join(ws.dir, 'dist', 'out.txt'), 'utf8')).toBe('one\n');
    expect(await readFile(join(ws.dir, 'used.out'), 'utf8')).toBe('one\n'); // and kept for this run

    await writeFile(join(ws.dir, 'src', 'a.txt'), 'two\n'); // an edited input: a miss
    const third = await run();
    expect(await executions()).toBe(2);
    expect(step(third, 'build').outputs?.digest).not.toBe(digest);
    expect(told(third)).not.toContain('already told');

    await run('--no-cache');
    expect(await executions()).toBe(3);

    await run('--input', 'flavor=other'); // another key: a miss
    expect(await executions()).toBe(4);
    const again = await run('--input', 'flavor=other');
    expect(await executions()).toBe(4);
    expect(told(again)).toContain('already told');

    // a retry of the step in the same run: --no-cache runs it, without it the cache answers
    const retry = async (...args: string[]) => {
      const ran = await cliJson<RunJson>(['retry', again.id, 'build', '--json', ...args], {
        cwd: ws.dir,
        env: ws.env,
      });
      expect(ran.code).toBe(0);
      return ran.json;
    };
    await retry('--no-cache');
    expect(await executions()).toBe(5);
    await retry();
    expect(await executions()).toBe(5);

    // kept in the workspace, one entry per distinct key: src one, src two, two with "other"
    const entries = readdirSync(join(ws.dir, '.mia', 'cache', 'steps'));
    expect(entries.filter((name) => name.endsWith('.json'))).toHaveLength(3);
  }, 120_000);
});
