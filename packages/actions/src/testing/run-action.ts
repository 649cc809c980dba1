import type { Action, ActionContext, FailureInfo } from '@arcflow/engine';
import { StepFailure } from '@arcflow/engine';
import type { z } from 'zod';
import { testActionContext } from './action-context.ts';

/** Parses `with:` as the engine would, then runs the action in `dir`. */
export async function runAction<S extends z.ZodType>(
  action: Action<S>,
  input: unknown,
  dir: string,
  overrides: Partial<ActionContext<z.output<S>>> = {},
) {
  const parsed = action.input.parse(input) as z.output<S>;
  const test = testActionContext(parsed, { workspaceDir: dir, ...overrides });
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
