import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Backend, backends } from './helpers/backends.ts';
import { type BackgroundCli, cli, cliJson, startCli } from './helpers/cli.ts';
import { GitProject } from './helpers/git-project.ts';
import { type RunJson, step } from './helpers/run-json.ts';
import { asLocalPerson } from './helpers/session.ts';

/**
 * The templates on projects whose default branch is not `main`, with the user's own files
 * lying around: the merge finds the default branch, and the commits hold only the run's work.
 */
describe.each(backends())('templates on real-shaped repositories on $name', (backend: Backend) => {
  let project: GitProject;
  let env: Record<string, string | undefined>;
  let cleanup: () => Promise<void>;
  let upstream: string | undefined;

  beforeEach(async () => {
    const created = await backend.create();
    project = GitProject.create(created.dir);
    env = { ...created.env, ARCFLOW_RETRY_DELAY_MS: '50' };
    cleanup = created.cleanup;
  });
  afterEach(async () => {
    if (upstream) rmSync(upstream, { recursive: true, force: true });
    upstream = undefined;
    await cleanup();
  });

  const opts = () => ({ cwd: project.dir, env });
  const show = async (runId: string) =>
    (await cliJson<RunJson>(['show', runId, '--json'], opts())).json;
  const runIdOf = async (running: BackgroundCli) =>
    (await running.waitForOutput(/run ([a-z][0-9a-z]{8})/)).split(' ')[1]!;
  const storyOf = (run: RunJson, stepId: string) =>
    run.events.find((e) => e.type === 'step.succeeded' && e.stepId === stepId)?.story.text;

  /** A clone-like setup: the project's default branch is `develop`, and origin/HEAD says so. */
  const developWithRemote = () => {
    project.git('branch', '-m', 'main', 'develop');
    upstream = mkdtempSync(join(tmpdir(), 'arcflow-upstream-'));
    execFileSync('git', ['clone', '--bare', '--quiet', project.dir, upstream]);
    project.git('remote', 'add', 'origin', upstream);
    project.git('fetch', '--quiet', 'origin');
    project.git('remote', 'set-head', 'origin', 'develop');
  };

  /** Files the user left before starting the run: their own, and a workflow of their own. */
  const userFiles = () => {
    project.write('notes.txt', 'ideas for later\n');
    const earlier = new Date(Date.now() - 10 * 60_000);
    utimesSync(join(project.dir, 'notes.txt'), earlier, earlier);
    project.write('.mia/workflows/mine.yaml', 'name: mine\n');
  };

  it('hotfix-resolution merges into develop (origin/HEAD) and commits only the version', async () => {
    developWithRemote();
    project.git('checkout', '-q', '-b', 'hotfix/zero');
    project.write('src/zero.js', 'export const zero = 0;\n');
    project.commit('fix: zero exists');
    project.git('checkout', '-q', 'develop');
    userFiles();

    const running = startCli(
      [
        'run',
        'hotfix-resolution',
        '--input',
        'branch=hotfix/zero',
        '--input',
        'deploy_command=true',
      ],
      opts(),
    );
    const runId = await runIdOf(running);
    await running.waitForOutput(/⏸ approve/, 60_000);
    const approved = await cli(['approve', runId, 'approve'], {
      ...opts(),
      env: { ...opts().env, ...asLocalPerson('oncall') },
    });
    expect(approved.code).toBe(0);
    expect((await running.done).code).toBe(0);

    const run = await show(runId);
    expect(run.status).toBe('succeeded');
    expect(storyOf(run, 'merge')).toMatch(/merged hotfix\/zero into develop \(fast-forward/);
    expect(project.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('develop');
    expect(project.git('log', '--format=%s', '-2', 'develop')).toBe(
      'chore(release): v1.0.1\nfix: zero exists',
    );
    expect(project.git('show', '--stat=200', '--format=', 'HEAD')).toBe(
      'package.json | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)',
    );
    expect(storyOf(run, 'commit')).toContain(
      'left out 1 file changed before the run started: notes.txt',
    );
    expect(project.git('status', '--porcelain', '--untracked-files=all')).toContain(
      '?? .mia/workflows/mine.yaml',
    );
    expect(readFileSync(join(project.dir, 'notes.txt'), 'utf8')).toBe('ideas for later\n');
  });

  it('dependency-update branches from master, the branch checked out, when there is no remote', async () => {
    project.git('branch', '-m', 'main', 'master');
    const master = project.git('rev-parse', 'HEAD');
    const {
      code,
      json: run,
      stderr,
    } = await cliJson<RunJson>(['run', 'dependency-update', '--json'], opts());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(run.status).toBe('succeeded');
    expect(storyOf(run, 'branch')).toContain(
      `created branch deps/update from master at ${master.slice(0, 7)}`,
    );
    expect(step(run, 'merge').status).toBe('skipped'); // nothing was outdated
  });
});
