import { existsSync } from 'node:fs';
import { chmod, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitActions } from './index.ts';
import { formatCommand } from './run-git.ts';
import { createRepo, failureOf, runAction } from './test-repo.ts';

let dir: string;
beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'arcflow-nogit-')));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const inputs: Record<string, unknown> = {
  'git-branch': { name: 'x' },
  'git-commit': { message: 'x' },
  'git-tag': { name: 'v1' },
  'merge-pr': { source: 'x' },
  changelog: {},
};

describe('git actions outside a repository', () => {
  it.each(Object.keys(inputs))('%s says it is not a git repository', async (name) => {
    const action = gitActions.find((a) => a.name === name)!;
    const failure = await failureOf(runAction(action, inputs[name], dir));
    expect(failure.summary).toBe(
      `not a git repository: ${dir} (run \`git init\` or point --workspace at your repo)`,
    );
    expect(failure.retriable).toBe(false);
  });
});

describe('gitActions', () => {
  it('describes every input field and output', () => {
    expect(gitActions.map((a) => a.name)).toEqual([
      'git-branch',
      'git-commit',
      'git-tag',
      'merge-pr',
      'version-bump',
      'changelog',
    ]);
    for (const action of gitActions) {
      expect(action.description).toMatch(/\.$/);
      expect(Object.keys(action.outputs ?? {}).length).toBeGreaterThan(0);
      const shape = (action.input as unknown as { shape: Record<string, { description?: string }> })
        .shape;
      for (const [field, schema] of Object.entries(shape)) {
        expect(schema.description, `${action.name}.${field}`).toBeTruthy();
      }
    }
  });
});

describe('runGit', () => {
  it('quotes the logged command line', () => {
    expect(formatCommand(['commit', '--message', "it's done"])).toBe(
      "git commit --message 'it'\\''s done'",
    );
  });

  it('stops git and its hooks when the step is canceled', async () => {
    const repo = await createRepo();
    try {
      await repo.commit('first', { 'a.txt': '1' });
      const marker = join(repo.dir, 'hook-finished');
      await repo.write('.git/hooks/pre-commit', `#!/bin/sh\nsleep 5\ntouch '${marker}'\n`);
      await chmod(join(repo.dir, '.git/hooks/pre-commit'), 0o755);
      await repo.write('a.txt', '2');
      const controller = new AbortController();
      setTimeout(() => controller.abort('canceled'), 300);
      const started = Date.now();
      const action = gitActions.find((a) => a.name === 'git-commit')!;
      const failure = await failureOf(
        runAction(action, { message: 'slow' }, repo.dir, { signal: controller.signal }),
      );
      expect(failure.reason).toBe('canceled');
      expect(Date.now() - started).toBeLessThan(3000);
      await new Promise((r) => setTimeout(r, 200));
      expect(repo.git('log', '--format=%s')).toBe('first');
      expect(existsSync(marker)).toBe(false);
    } finally {
      await repo.remove();
    }
  });
});
