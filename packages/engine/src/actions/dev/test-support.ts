import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { StepFailure } from '../../errors.ts';
import { testActionContext } from '../../testing/action-context.ts';
import type { Action, ActionContext, FailureInfo } from '../types.ts';

/** Helpers for the dev actions' tests: throwaway workspaces and running an action in one. */

export const testEnv: Record<string, string> = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? tmpdir(),
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

/** Parses `with:` as the engine would, then runs the action in `dir`. */
export async function runAction<S extends z.ZodType>(
  action: Action<S>,
  input: unknown,
  dir: string,
  overrides: Partial<ActionContext<z.output<S>>> = {},
) {
  const parsed = action.input.parse(input) as z.output<S>;
  const test = testActionContext(parsed, { workspaceDir: dir, env: testEnv, ...overrides });
  const result = await action.run(test.ctx);
  return { result, outputs: result.outputs ?? {}, lines: test.lines };
}

/** The StepFailure a promise rejected with. */
export async function failureOf(promise: Promise<unknown>): Promise<FailureInfo> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof StepFailure)) {
    throw new Error(`expected a StepFailure, got ${String(error)}`, { cause: error });
  }
  return error.failure;
}
