import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Action, ActionContext } from '@arcflow/engine';
import type { z } from 'zod';
import { TEST_PATH } from '../testing/env.ts';
import { failureOf, runAction as runActionIn } from '../testing/run-action.ts';

/** Throwaway git repositories for the git actions' tests: real git, no machine-wide config. */

const isolated: Record<string, string> = {
  PATH: TEST_PATH,
  HOME: tmpdir(),
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

export interface TestRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string): Promise<void>;
  /** Writes a file as if the user had saved it ten minutes ago (before a run started). */
  writeEarlier(path: string, content: string): Promise<void>;
  /** Deletes a file as if the user had done so ten minutes ago. */
  deleteEarlier(path: string): Promise<void>;
  /** Writes the files and commits them; returns the new commit. */
  commit(message: string, files?: Record<string, string>): Promise<string>;
  remove(): Promise<void>;
}

export interface RepoOptions {
  /** Set user.name and user.email in the repository. Default: true. */
  identity?: boolean;
  /** The first branch's name. Default: main. */
  branch?: string;
  /** Clone this repository (its default branch becomes `origin/HEAD`) instead of `git init`. */
  cloneOf?: string;
}

export async function createRepo(options: RepoOptions = {}): Promise<TestRepo> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'arcflow-git-')));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env: isolated, encoding: 'utf8' }).trim();
  const write = async (path: string, content: string) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  };
  if (options.cloneOf) git('clone', '--quiet', options.cloneOf, '.');
  else git('init', '--quiet', '-b', options.branch ?? 'main');
  if (options.identity !== false) {
    git('config', 'user.name', 'Test Person');
    git('config', 'user.email', 'test@example.com');
  }
  return {
    dir,
    git,
    write,
    async writeEarlier(path, content) {
      await write(path, content);
      await utimes(join(dir, path), tenMinutesAgo(), tenMinutesAgo());
      // Its directory too: a new entry modifies it, and the time of a deletion is read there.
      await utimes(dirname(join(dir, path)), tenMinutesAgo(), tenMinutesAgo());
    },
    async deleteEarlier(path) {
      await rm(join(dir, path));
      await utimes(dirname(join(dir, path)), tenMinutesAgo(), tenMinutesAgo());
    },
    async commit(message, files = {}) {
      for (const [path, content] of Object.entries(files)) await write(path, content);
      git('add', '-A');
      git(
        '-c',
        'user.name=Test Person',
        '-c',
        'user.email=test@example.com',
        'commit',
        '--quiet',
        '--allow-empty',
        '-m',
        message,
      );
      return git('rev-parse', 'HEAD');
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

const tenMinutesAgo = () => new Date(Date.now() - 10 * 60_000);

/** Parses `with:` as the engine would, then runs the action in `dir` with this environment. */
export function runAction<S extends z.ZodType>(
  action: Action<S>,
  input: unknown,
  dir: string,
  overrides: Partial<ActionContext<z.output<S>>> = {},
) {
  return runActionIn(action, input, dir, { env: isolated, ...overrides });
}

export { failureOf };
