import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { type ActionContext, StepFailure } from '@arcflow/engine';

/**
 * The context of a dev action run in its `working_directory` (a monorepo's package): the
 * same context with that directory as its workspace. It must exist and lie inside the
 * workspace, symbolic links resolved.
 */
export async function inWorkingDirectory<Input extends { working_directory?: string | undefined }>(
  ctx: ActionContext<Input>,
): Promise<ActionContext<Input>> {
  const given = ctx.input.working_directory;
  if (given === undefined) return ctx;
  const refuse = (why: string): never => {
    const message = `working_directory ${JSON.stringify(given)} ${why}`;
    throw new StepFailure({ reason: 'error', message, summary: message, retriable: false });
  };
  const target = resolve(ctx.workspaceDir, given);
  const info = await stat(target).catch(() => undefined);
  if (!info) refuse('does not exist in the workspace');
  if (!info?.isDirectory()) refuse('is not a directory');
  const [root, real] = await Promise.all([realpath(ctx.workspaceDir), realpath(target)]);
  const inside = relative(root, real);
  if (inside.startsWith('..') || isAbsolute(inside)) refuse('leads outside the workspace');
  ctx.log('system', `working in ${given}`);
  return { ...ctx, workspaceDir: real };
}
