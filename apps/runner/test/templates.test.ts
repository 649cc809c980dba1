import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backends } from './helpers/backends.ts';
import { type BackgroundCli, cli, cliJson, startCli } from './helpers/cli.ts';
import { GitProject } from './helpers/git-project.ts';
import { type RunJson, step } from './helpers/run-json.ts';

const TEMPLATES = [
  'feature-delivery',
  'hotfix-resolution',
  'refactoring-journey',
  'dependency-update',
  'release-ceremony',
];

describe('the built-in templates', () => {
  it.each(TEMPLATES)('%s is valid', async (name) => {
    const result = await cli(['validate', name], { cwd: process.cwd(), env: {} });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe.each(backends())('templates end to end on $name', (backend: Backend) => {
  let project: GitProject;
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const created = await backend.create();
    project = GitProject.create(created.dir);
    env = { ...created.env, ARCFLOW_RETRY_DELAY_MS: '50' };
    cleanup = created.cleanup;
  });
  afterEach(() => cleanup());

  const opts = () => ({ cwd: project.dir, env });
  const start = (args: string[]) => startCli(args, opts());
  const show = async (runId: string) =>
    (await cliJson<RunJson>(['show', runId, '--json'], opts())).json;
  const runIdOf = async (running: BackgroundCli) =>
    (await running.waitForOutput(/run ([a-z][0-9a-z]{8})/)).split(' ')[1]!;
  const decide = async (
    verb: 'approve' | 'reject',
    runId: string,
    stepId: string,
    as: string,
    comment?: string,
  ) => {
    const result = await cli(
      [verb, runId, stepId, '--as', as, ...(comment ? ['--comment', comment] : [])],
      opts(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  };
  const waitsFor = (running: BackgroundCli, stepId: string) =>
    running.waitForOutput(new RegExp(`⏸ ${stepId}`), 60_000);

  it('feature-delivery: fails on a broken test, resumes after the fix, is approved, merged and deployed', async () => {
    project.git('checkout', '-q', '-b', 'feature/subtract');
    project.writeMath({ broken: true });
    project.commit('feat: subtract (oops)');
    project.git('checkout', '-q', 'main');

    const first = start(['run', 'feature-delivery', '--input', 'branch=feature/subtract']);
    const runId = await runIdOf(first);
    const failed = await first.done;
    expect(failed.code).toBe(1);
    let run = await show(runId);
    expect(step(run, 'test').status).toBe('failed');
    expect(step(run, 'test').attempts).toBe(2); // retries: 1
    expect(step(run, 'build').status).toBe('skipped'); // no build script: nothing to build
    for (const id of ['review', 'merge', 'deploy', 'announce'])
      expect(step(run, id).status).toBe('skipped');
    const tension = run.events.find((e) => e.type === 'step.failed' && e.stepId === 'test');
    expect(tension?.story.text).toMatch(/adds two numbers/);

    project.git('checkout', '-q', 'feature/subtract');
    project.writeMath();
    project.commit('fix: add adds again');
    project.git('checkout', '-q', 'main');

    const resumed = start(['resume', runId]);
    await waitsFor(resumed, 'review');
    await decide('approve', runId, 'review', 'ana', 'lgtm');
    const finished = await resumed.done;
    expect(finished.code).toBe(0);
    run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'checkout').attempts).toBe(1);
    expect(step(run, 'test').attempts).toBe(3);
    expect(step(run, 'announce').status).toBe('skipped');
    expect(run.events.some((e) => e.story.kind === 'verdict' && e.story.text.includes('ana'))).toBe(
      true,
    );
    expect(
      run.events.find((e) => e.type === 'step.succeeded' && e.stepId === 'review')?.story.text,
    ).toContain('approved by ana: “lgtm”');
    expect(run.events.at(-1)?.story.kind).toBe('resolution');
    expect(project.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(project.git('log', '--format=%s', '-1')).toMatch(/Merge branch 'feature\/subtract'/);
    expect(project.git('status', '--porcelain')).toBe('');
  });

  it('feature-delivery on a Python project: nothing to build or deploy is told as such, not as a failure', async () => {
    project.git('rm', '-rq', '.');
    project.write('.gitignore', '__pycache__/\n.pytest_cache/\n');
    project.write(
      'pyproject.toml',
      '[project]\nname = "calc"\nversion = "1.0.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\npythonpath = ["."]\n',
    );
    project.write('calc/__init__.py', 'def add(a, b):\n    return a + b\n');
    project.write(
      'tests/test_calc.py',
      'from calc import add\n\n\ndef test_adds_two_numbers():\n    assert add(2, 3) == 5\n',
    );
    project.commit('feat: a Python calculator');
    project.git('checkout', '-q', '-b', 'feature/mul');
    project.write('calc/mul.py', 'def mul(a, b):\n    return a * b\n');
    project.commit('feat: multiply');
    project.git('checkout', '-q', 'main');

    const running = start(['run', 'feature-delivery', '--input', 'branch=feature/mul']);
    const runId = await runIdOf(running);
    await waitsFor(running, 'review');
    await decide('approve', runId, 'review', 'ana');
    expect((await running.done).code).toBe(0);

    const run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'test').status).toBe('succeeded');
    expect(step(run, 'build').status).toBe('skipped');
    expect(step(run, 'merge').status).toBe('succeeded');
    expect(step(run, 'deploy').status).toBe('skipped');
    const told = (id: string) =>
      run.events.find((e) => e.type === 'step.skipped' && e.stepId === id)?.story;
    expect(told('build')).toEqual({
      kind: 'beat',
      text: 'build is skipped: nothing to build in a Python project (pip): it has no build step, and no build command was given',
    });
    expect(told('deploy')?.text).toBe(
      'deploy is skipped: nothing to deploy to staging in a Python project (pip): it has no deploy step, and no deploy command was given',
    );
    expect(run.events.some((e) => /deployed to/.test(e.story.text))).toBe(false);
    expect(project.git('show', 'main:calc/mul.py')).toContain('def mul');
  });

  it('hotfix-resolution: a quick approval, a fast-forward, a patch version, a tag and a deploy', async () => {
    project.git('checkout', '-q', '-b', 'hotfix/zero');
    project.write('src/zero.js', 'export const zero = 0;\n');
    project.commit('fix: zero exists');
    project.git('checkout', '-q', 'main');

    const running = start([
      'run',
      'hotfix-resolution',
      '--input',
      'branch=hotfix/zero',
      '--input',
      'deploy_command=echo shipped > deployed.txt',
    ]);
    const runId = await runIdOf(running);
    await waitsFor(running, 'approve');
    await decide('approve', runId, 'approve', 'oncall');
    expect((await running.done).code).toBe(0);

    const run = await show(runId);
    expect(run.steps.map((s) => [s.id, s.status])).toEqual([
      ['checkout', 'succeeded'],
      ['verify', 'succeeded'],
      ['approve', 'succeeded'],
      ['merge', 'succeeded'],
      ['bump', 'succeeded'],
      ['commit', 'succeeded'],
      ['tag', 'succeeded'],
      ['deploy', 'succeeded'],
      ['announce', 'skipped'],
    ]);
    expect(JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')).version).toBe(
      '1.0.1',
    );
    expect(project.git('tag', '--list')).toBe('v1.0.1');
    expect(project.git('log', '--format=%s', '-1')).toBe('chore(release): v1.0.1');
    expect(existsSync(join(project.dir, 'deployed.txt'))).toBe(true);
  });

  it('refactoring-journey: a rejection fails the review; after a resume two people approve', async () => {
    project.git('checkout', '-q', '-b', 'refactor/math');
    project.write(
      'src/math.js',
      'const sum = (...xs) => xs.reduce((a, b) => a + b, 0);\nexport const add = (a, b) => sum(a, b);\n',
    );
    project.commit('refactor: add is a sum');
    project.git('checkout', '-q', 'main');

    const first = start(['run', 'refactoring-journey', '--input', 'branch=refactor/math']);
    const runId = await runIdOf(first);
    await waitsFor(first, 'review');
    await decide('reject', runId, 'review', 'bo', 'name it better');
    expect((await first.done).code).toBe(1);
    let run = await show(runId);
    expect(step(run, 'review').status).toBe('failed');
    expect(
      run.events.find((e) => e.type === 'step.failed' && e.stepId === 'review')?.story.text,
    ).toContain('rejected by bo: “name it better”');

    const second = start(['resume', runId]);
    await waitsFor(second, 'review');
    await decide('approve', runId, 'review', 'ana');
    await second.waitForOutput(/ana approved/);
    await decide('approve', runId, 'review', 'bo', 'better now');
    expect((await second.done).code).toBe(0);
    run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'baseline-tests').attempts).toBe(1);
    expect(step(run, 'review').attempts).toBe(2);
    expect(step(run, 'after-merge').status).toBe('succeeded');
    expect(project.git('show', 'main:src/math.js')).toContain('sum(a, b)');
  });

  it('dependency-update: with nothing outdated the story ends early, and successfully', async () => {
    const {
      code,
      json: run,
      stderr,
    } = await cliJson<RunJson>(['run', 'dependency-update', '--json'], opts());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'survey').status).toBe('succeeded');
    for (const id of ['update', 'test', 'commit', 'review', 'merge'])
      expect(step(run, id).status).toBe('skipped');
    expect(
      run.events.find((e) => e.type === 'step.skipped' && e.stepId === 'update')?.story.text,
    ).toMatch(/condition/);
    expect(project.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('deps/update');
  });

  it('release-ceremony: bumps the version, writes the changelog, is blessed, tagged and deployed', async () => {
    project.git('tag', 'v1.0.0');
    project.write('src/mul.js', 'export const mul = (a, b) => a * b;\n');
    project.commit('feat(math): multiply');
    project.write('src/math.js', 'export const add = (a, b) => Number(a) + Number(b);\n');
    project.commit('fix: add numbers given as strings');

    const running = start([
      'run',
      'release-ceremony',
      '--input',
      'deploy_command=echo "$ARCFLOW_ENVIRONMENT" > deployed.txt',
    ]);
    const runId = await runIdOf(running);
    await waitsFor(running, 'bless');
    await decide('approve', runId, 'bless', 'release-manager', 'go');
    expect((await running.done).code).toBe(0);

    const run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')).version).toBe(
      '1.1.0',
    );
    const changelog = readFileSync(join(project.dir, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('v1.1.0');
    expect(changelog).toMatch(/multiply/);
    expect(changelog).toMatch(/add numbers given as strings/);
    expect(project.git('tag', '--list', 'v1.1.0')).toBe('v1.1.0');
    expect(readFileSync(join(project.dir, 'deployed.txt'), 'utf8').trim()).toBe('production');
    expect(project.git('status', '--porcelain', '--untracked-files=no')).toBe('');
  });
});
