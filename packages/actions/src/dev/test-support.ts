import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Action, ActionContext } from '@arcflow/engine';
import type { z } from 'zod';
import { TEST_HOME, TEST_PATH } from '../testing/env.ts';
import { failureOf, runAction as runActionIn } from '../testing/run-action.ts';

/** Helpers for the dev actions' tests: throwaway workspaces and running an action in one. */

export const testEnv: Record<string, string> = {
  PATH: TEST_PATH,
  HOME: TEST_HOME,
};

export interface TempWorkspace {
  dir: string;
  write(files: Record<string, string>): Promise<void>;
  remove(): Promise<void>;
}

export async function tempWorkspace(files: Record<string, string> = {}): Promise<TempWorkspace> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'arcflow-dev-')));
  const write = async (more: Record<string, string>) => {
    for (const [path, content] of Object.entries(more)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
  };
  await write(files);
  return { dir, write, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Parses `with:` as the engine would, then runs the action in `dir` with this environment. */
export function runAction<S extends z.ZodType>(
  action: Action<S>,
  input: unknown,
  dir: string,
  overrides: Partial<ActionContext<z.output<S>>> = {},
) {
  return runActionIn(action, input, dir, { env: testEnv, ...overrides });
}

export { failureOf };
