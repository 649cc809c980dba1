import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backends } from './helpers/backends.ts';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';
import { TestWorkspace } from './helpers/workspace.ts';

/** Each step appends its id to `marker.txt`: the file counts how many times each really ran. */
const step = (id: string, deps: string[] = [], run = '') =>
  [
    `  - id: ${id}`,
    '    action: shell',
    ...(deps.length > 0 ? [`    depends_on: [${deps.join(', ')}]`] : []),
    `    with: { run: "echo ${id} >> marker.txt${run}" }`,
  ].join('\n');

const deployStep = (deps: string[]) =>
  [
    '  - id: deploy',
    '    action: deploy',
    `    depends_on: [${deps.join(', ')}]`,
    '    with: { environment: staging, command: "echo deploy >> marker.txt" }',
  ].join('\n');

const workflow = (...steps: string[]) => `name: ship\nsteps:\n${steps.join('\n')}\n`;

// build -> test -> package, and a side step; test fails until the workflow is fixed.
const FAILING = workflow(
  step('build'),
  step('side'),
  step('test', ['build'], '; exit 1'),
  step('package', ['test']),
);
const FIXED = workflow(
  step('build'),
  step('test', ['build']),
  step('lint', ['build']),
  step('package', ['test']),
);
const WITH_DEPLOY = workflow(step('build'), step('test', ['build']), deployStep(['test']));

interface PreviewJson {
  kind: string;
  newRun: boolean;
  run: Array<{ step: string; why: string; irreversible: string | null }>;
  keep: string[];
  removed: string[];
  irreversible: Array<{ step: string; effect: string }>;
  definitionChange: { from: string; to: string; changeCount: number } | null;
}

interface RetoldRunJson extends RunJson {
  revision: string | null;
  retoldFrom: { runId: string; telling: { kind: string; from?: string } } | null;
  removedSteps: Array<{ id: string; status: string }>;
  steps: Array<RunJson['steps'][number] & { reusedFrom: string | null }>;
}

describe.each(backends())('re-telling a run in the CLI on $name', (backend: Backend) => {
  let ws: TestWorkspace;
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const created = await backend.create();
    ws = new TestWorkspace(created.dir);
    env = created.env;
    cleanup = created.cleanup;
  });
  afterEach(() => cleanup());

  const json = <T>(args: string[]) => cliJson<T>(args, { cwd: ws.dir, env });
  const run = (args: string[]) => cli(args, { cwd: ws.dir, env });
  /** How many times each step really ran, from the marker file. */
  const executions = (): Record<string, number> => {
    const file = join(ws.dir, 'marker.txt');
    const counts: Record<string, number> = {};
    if (!existsSync(file)) return counts;
    for (const id of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      counts[id] = (counts[id] ?? 0) + 1;
    }
    return counts;
  };

  it('resumes a failed run on the edited workflow: only the changed, new and failed steps run', async () => {
    ws.workflow('ship', FAILING);
    const failed = await json<RetoldRunJson>(['run', 'ship', '--json']);
    expect(failed.json.status).toBe('failed');
    expect(executions()).toEqual({ build: 1, side: 1, test: 1 });

    ws.workflow('ship', FIXED);
    const preview = await json<PreviewJson>([
      'resume',
      failed.json.id,
      '--latest',
      '--dry-run',
      '--json',
    ]);
    expect(preview.code).toBe(0);
    expect(preview.json.run.map((s) => [s.step, s.why])).toEqual([
      ['test', 'rewritten (with)'],
      ['lint', 'added'],
      ['package', 'skipped in the run'],
    ]);
    expect(preview.json.keep).toEqual(['build']);
    expect(preview.json.removed).toEqual(['side']);
    expect(preview.json.definitionChange?.changeCount).toBe(3);
    expect(executions()).toEqual({ build: 1, side: 1, test: 1 });

    const resumed = await json<RetoldRunJson>(['resume', failed.json.id, '--latest', '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.json.id).toBe(failed.json.id);
    expect(resumed.json.status).toBe('succeeded');
    expect(executions()).toEqual({ build: 1, side: 1, test: 2, lint: 1, package: 1 });
    // the run switched revision, and says so
    expect(resumed.json.revisionId).not.toBe(failed.json.revisionId);
    expect(resumed.json.revision).toBe(preview.json.definitionChange?.to);
    expect(resumed.json.steps.map((s) => s.id)).toEqual(['build', 'test', 'lint', 'package']);
    expect(resumed.json.removedSteps.map((s) => [s.id, s.status])).toEqual([['side', 'succeeded']]);
    const retold = resumed.json.events.find((e) => e.type === 'run.retold');
    expect(retold?.story.text).toBe(
      `The story picks up again on revision ${preview.json.definitionChange?.to} (3 changes: "test" rewritten; "lint" added; "side" cut from the story): 3 beats to tell.`,
    );
    expect(
      resumed.json.steps.find((s) => s.id === 'test')?.attemptHistory.map((a) => a.status),
    ).toEqual(['failed', 'succeeded']);
    // the runs list counts the steps the run has now
    const listed = await json<Array<{ id: string; stepCounts: Record<string, number> }>>([
      'runs',
      '--json',
    ]);
    expect(listed.json.find((r) => r.id === failed.json.id)?.stepCounts.succeeded).toBe(4);
    expect(
      Object.values(listed.json.find((r) => r.id === failed.json.id)!.stepCounts).reduce(
        (a, b) => a + b,
      ),
    ).toBe(4);
    const history = await json<Array<{ id: string }>>(['history', 'ship', '--json']);
    expect(history.json.map((r) => r.id)).toEqual([
      resumed.json.revisionId,
      failed.json.revisionId,
    ]);
  });

  it('retries one step of a succeeded run, then it and what follows, keeping every attempt', async () => {
    ws.workflow('ship', FIXED);
    const first = await json<RetoldRunJson>(['run', 'ship', '--json']);
    expect(first.json.status).toBe('succeeded');

    const one = await json<RetoldRunJson>(['retry', first.json.id, 'test', '--json']);
    expect(one.code).toBe(0);
    expect(one.json.status).toBe('succeeded');
    expect(executions()).toEqual({ build: 1, test: 2, lint: 1, package: 1 });

    const down = await json<RetoldRunJson>([
      'retry',
      first.json.id,
      'build',
      '--downstream',
      '--json',
    ]);
    expect(down.json.status).toBe('succeeded');
    expect(executions()).toEqual({ build: 2, test: 3, lint: 2, package: 2 });
    const attempts = Object.fromEntries(
      down.json.steps.map((s) => [s.id, s.attemptHistory.length]),
    );
    expect(attempts).toEqual({ build: 2, test: 3, lint: 2, package: 2 });
    const told = down.json.events.filter((e) => e.type === 'run.retold').map((e) => e.story.text);
    expect(told).toEqual([
      '"test" is told again.',
      '"build" is told again, and the 3 beats after it.',
    ]);
  });

  it('reruns into a new run linked to the original, reusing the results of the steps it does not run', async () => {
    ws.workflow('ship', FIXED);
    const first = await json<RetoldRunJson>(['run', 'ship', '--json']);

    const from = await json<RetoldRunJson>(['rerun', first.json.id, '--from', 'test', '--json']);
    expect(from.code).toBe(0);
    expect(from.json.id).not.toBe(first.json.id);
    expect(from.json.status).toBe('succeeded');
    expect(from.json.retoldFrom).toMatchObject({
      runId: first.json.id,
      telling: { kind: 'rerun', from: 'test' },
    });
    expect(executions()).toEqual({ build: 1, test: 2, lint: 1, package: 2 });
    const reused = from.json.steps.map((s) => [s.id, s.reusedFrom, s.attempts]);
    expect(reused).toEqual([
      ['build', first.json.id, 0],
      ['test', null, 1],
      ['lint', first.json.id, 0],
      ['package', null, 1],
    ]);
    expect(from.json.events[0]?.story.text).toBe(
      `A re-telling of run ${first.json.id} from "test": 2 beats to tell, 2 beats taken as told there.`,
    );

    const only = await json<RetoldRunJson>(['rerun', first.json.id, '--only', 'lint', '--json']);
    expect(only.json.status).toBe('succeeded');
    expect(executions()).toEqual({ build: 1, test: 2, lint: 2, package: 2 });

    // --latest: the current definition, what changed runs too
    ws.workflow(
      'ship',
      FIXED.replace('echo package >> marker.txt', 'echo package >> marker.txt; echo v2'),
    );
    const latest = await json<RetoldRunJson>([
      'rerun',
      first.json.id,
      '--only',
      'lint',
      '--latest',
      '--json',
    ]);
    expect(latest.json.status).toBe('succeeded');
    expect(latest.json.revisionId).not.toBe(first.json.revisionId);
    expect(executions()).toEqual({ build: 1, test: 2, lint: 3, package: 3 });
  });

  it('never repeats an irreversible effect without --yes, and says which and why', async () => {
    ws.workflow('ship', WITH_DEPLOY);
    const first = await json<RetoldRunJson>(['run', 'ship', '--json']);
    expect(first.json.status).toBe('succeeded');
    expect(executions()).toEqual({ build: 1, test: 1, deploy: 1 });

    const refused = await run(['retry', first.json.id, 'test', '--downstream']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('will run, in order:');
    expect(refused.stderr).toContain(
      `arcflow: running again would repeat what already happened: "deploy" deploys (it did in run ${first.json.id}); nothing was started. If that is what you want, run it again with --yes`,
    );
    expect(executions()).toEqual({ build: 1, test: 1, deploy: 1 });

    const preview = await json<PreviewJson>(['rerun', first.json.id, '--dry-run', '--json']);
    expect(preview.json.irreversible).toEqual([
      { step: 'deploy', effect: 'deploys', ranIn: first.json.id },
    ]);

    const acknowledged = await run(['retry', first.json.id, 'test', '--downstream', '--yes']);
    expect(acknowledged.code).toBe(0);
    expect(executions()).toEqual({ build: 1, test: 2, deploy: 2 });
    // retrying a step after the deploy is not an effect repeated
    const harmless = await run(['retry', first.json.id, 'build']);
    expect(harmless.code).toBe(0);
  });

  it('refuses bad requests with one clear message and starts nothing', async () => {
    ws.workflow('ship', FAILING);
    const failed = await json<RetoldRunJson>(['run', 'ship', '--json']);
    const id = failed.json.id;

    const unknown = await run(['retry', id, 'tets']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`run ${id}: unknown step "tets"`);
    expect(unknown.stderr).toMatch(/did you mean "test"|steps: build, side, test, package/);

    const blocked = await run(['retry', id, 'package']);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain(
      `cannot retry "package": it depends on "test", which failed in this run`,
    );

    const both = await run(['rerun', id, '--from', 'test', '--only', 'build']);
    expect(both.stderr).toContain('a rerun runs either from one step or only some steps, not both');

    ws.workflow('ship', `${FAILING}  - id: broken\n    action: no-such-action\n`);
    const invalid = await run(['resume', id, '--latest']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/ship\.yaml:\d+:\d+/);
    expect(invalid.stderr).toContain('no-such-action');
    expect(executions()).toEqual({ build: 1, side: 1, test: 1 });

    const missing = await run(['rerun', 'nosuchrun']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no run "nosuchrun"');
  });
});
