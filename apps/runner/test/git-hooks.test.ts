import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, openDatabase } from '@arcflow/db';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { childEnv } from './helpers/env.ts';
import { GitProject } from './helpers/git-project.ts';
import { httpClient, type ServeProcess, startServe } from './helpers/serve.ts';
import { waitForAsync } from './helpers/workspace.ts';

// `arcflow hooks install` in a real git repository, then real `git commit` and `git push`
// reaching a real `arcflow serve`.

const BUILD = `name: build
on:
  push: { branches: [main] }
steps:
  - id: see
    action: shell
    env:
      BRANCH: "\${{ event.branch }}"
      SHA: "\${{ event.sha }}"
      SOURCE: "\${{ event.source }}"
    with: { run: 'printf "%s|%s|%s" "$SOURCE" "$BRANCH" "$SHA" > .seen-build' }
`;
const USER_HOOK = '#!/bin/sh\n# my own hook\necho "user hook ran" > .user-hook-ran\n';

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let project: GitProject;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
  project = GitProject.init(ws.dir);
  project.write('.gitignore', '.mia/state/\n.seen-*\n.user-hook-ran\n');
  project.write('.mia/workflows/build.yaml', BUILD);
  project.commit('chore: a workflow');
  serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
  api = httpClient(serve.url);
}, 120_000);

afterAll(async () => {
  await serve?.stop();
  await db?.drop();
  await ws?.cleanup();
});

/** A git command as a person runs it, with the hook told where the runner is. */
function git(args: string[], runnerUrl = serve.url, cwd = ws.dir) {
  const result = spawnSync('git', args, {
    cwd,
    env: childEnv({ ARCFLOW_URL: runnerUrl }),
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const hookFile = (name: string) => join(ws.dir, '.git', 'hooks', name);

async function finished(runId: string) {
  return waitForAsync(
    async () => {
      const run = await api.runs.get.query({ runId });
      return ['succeeded', 'failed', 'canceled'].includes(run.status) ? run : undefined;
    },
    30_000,
    `run ${runId} to end`,
  );
}

describe('arcflow hooks', () => {
  it('the runner makes the webhook secret as it starts, beside a .gitignore that keeps it out of git', () => {
    const state = join(ws.dir, '.mia', 'state');
    expect(statSync(join(state, 'webhook.secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(state, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('install keeps a hook of your own, and a commit starts the workflow on the running runner', async () => {
    writeFileSync(hookFile('post-commit'), USER_HOOK);
    chmodSync(hookFile('post-commit'), 0o755);
    const install = await cli(['hooks', 'install'], { cwd: ws.dir });
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain('installed post-commit, post-merge, pre-push');
    expect(readFileSync(hookFile('post-commit'), 'utf8').startsWith(USER_HOOK)).toBe(true);

    project.write('src/app.js', 'export const answer = 42;\n');
    project.git('add', '-A');
    const commit = git(['commit', '-q', '-m', 'feat: the answer']);
    expect(commit.code, commit.stderr).toBe(0);
    const runId = /arcflow: started run (\S+) of build/.exec(commit.stderr)?.[1];
    expect(runId, commit.stderr).toBeDefined();
    expect(existsSync(join(ws.dir, '.user-hook-ran'))).toBe(true);

    const run = await finished(runId as string);
    expect(run.status).toBe('succeeded');
    // the hook and the runner found the same secret: the file made on first use, owner-only
    const secretFile = join(ws.dir, '.mia', 'state', 'webhook.secret');
    expect(readFileSync(secretFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const head = project.git('rev-parse', 'HEAD');
    expect(readFileSync(join(ws.dir, '.seen-build'), 'utf8')).toBe(`git-hook|main|${head}`);
  });

  it('a commit on another branch starts nothing and says why', async () => {
    project.git('checkout', '-q', '-b', 'feature/x');
    project.write('src/x.js', 'export const x = 1;\n');
    project.git('add', '-A');
    const commit = git(['commit', '-q', '-m', 'feat: x']);
    expect(commit.code).toBe(0);
    expect(commit.stderr).toContain(
      'arcflow: nothing started: build: branch feature/x does not match on.push.branches main',
    );
    project.git('checkout', '-q', 'main');
  });

  it('pre-push tells the runner about the pushed branch, with the files changed', async () => {
    const remote = mkdtempSync(join(tmpdir(), 'arcflow-remote-'));
    try {
      execFileSync('git', ['init', '-q', '--bare', remote]);
      project.git('remote', 'add', 'origin', remote);
      project.git('push', '-q', '--no-verify', 'origin', 'main');
      project.write('src/app.js', 'export const answer = 43;\n');
      project.git('add', '-A');
      git(['commit', '-q', '-m', 'fix: the answer'], 'http://127.0.0.1:1');
      const push = git(['push', '-q', 'origin', 'main']);
      expect(push.code, push.stderr).toBe(0);
      const runId = /arcflow: started run (\S+) of build/.exec(push.stderr)?.[1];
      expect(runId, push.stderr).toBeDefined();
      const run = await finished(runId as string);
      expect(run.status).toBe('succeeded');
      const database = await openDatabase({ databaseUrl: db.url, workspaceDir: ws.dir });
      try {
        const [delivery] = await createStore(database.prisma).deliveries.list({
          workspaceDir: ws.dir,
          source: 'git-hook',
          limit: 1,
        });
        expect(delivery?.deliveryId).toMatch(/^git-[0-9a-f]{40}-pre-push-main$/);
        expect(delivery?.payload).toMatchObject({
          kind: 'json',
          value: { ref: 'refs/heads/main', changedFiles: ['src/app.js'] },
        });
      } finally {
        await database.close();
      }
    } finally {
      rmSync(remote, { recursive: true, force: true });
    }
  });

  it('post-commit delivers nothing while a cherry-pick or rebase is in progress', async () => {
    const marker = join(ws.dir, '.git', 'CHERRY_PICK_HEAD');
    writeFileSync(marker, `${project.git('rev-parse', 'HEAD').trim()}\n`);
    try {
      const result = await cli(['hooks', 'deliver', 'post-commit'], {
        cwd: ws.dir,
        env: { ARCFLOW_URL: serve.url },
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('a rebase or cherry-pick is in progress; nothing delivered');
    } finally {
      rmSync(marker);
    }
  });

  it('with no runner, the commit still succeeds and says how to start one', () => {
    project.write('src/y.js', 'export const y = 2;\n');
    project.git('add', '-A');
    const started = Date.now();
    const commit = git(['commit', '-q', '-m', 'feat: y'], 'http://127.0.0.1:1');
    expect(commit.code).toBe(0);
    expect(commit.stderr).toContain(
      'arcflow: no runner at http://127.0.0.1:1; start it with arcflow serve',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('uninstall leaves your own hook byte-identical and removes the ones it made', async () => {
    const result = await cli(['hooks', 'uninstall'], { cwd: ws.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(hookFile('post-commit'), 'utf8')).toBe(USER_HOOK);
    expect(existsSync(hookFile('post-merge'))).toBe(false);
    expect(existsSync(hookFile('pre-push'))).toBe(false);
  });

  it('install refuses a hook that is not a shell script, and changes no hook', async () => {
    project.git('config', 'core.hooksPath', '.pyhooks');
    try {
      const python = '#!/usr/bin/env python3\nprint("mine")\n';
      project.write('.pyhooks/pre-push', python);
      const install = await cli(['hooks', 'install'], { cwd: ws.dir });
      expect(install.code).not.toBe(0);
      expect(install.stderr).toContain('is not a shell script (#!/usr/bin/env python3)');
      expect(install.stderr).toContain('arcflow hooks deliver pre-push');
      expect(readFileSync(join(ws.dir, '.pyhooks', 'pre-push'), 'utf8')).toBe(python);
      expect(existsSync(join(ws.dir, '.pyhooks', 'post-commit'))).toBe(false);
    } finally {
      project.git('config', '--unset', 'core.hooksPath');
    }
  });

  it('install follows core.hooksPath', async () => {
    project.git('config', 'core.hooksPath', '.githooks');
    try {
      const install = await cli(['hooks', 'install'], { cwd: ws.dir });
      expect(install.code, install.stderr).toBe(0);
      expect(existsSync(join(ws.dir, '.githooks', 'post-commit'))).toBe(true);
      await cli(['hooks', 'uninstall'], { cwd: ws.dir });
      expect(existsSync(join(ws.dir, '.githooks', 'post-commit'))).toBe(false);
    } finally {
      project.git('config', '--unset', 'core.hooksPath');
    }
  });
});
