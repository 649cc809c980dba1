import { z } from 'zod';
import { failedTestsInOutput } from './dev/test-output/index.ts';
import { runScript } from './process/run-process.ts';
import type { Action } from './types.ts';

export { abortReason, KILL_GRACE_MS } from './process/run-process.ts';

/**
 * The `shell` action: runs a script as `bash -c <run>` in the workspace directory. The script
 * gets its own process group, so a cancel or a timeout stops everything it started (SIGTERM,
 * then SIGKILL after `KILL_GRACE_MS`); see process/run-process.ts. When the script ran a
 * test runner we recognise, its tension point names the failing tests.
 */
export const shellInput = z
  .object({
    run: z
      .string()
      .min(1)
      .describe(
        'The script to run, as `bash -c <run>`, in the workspace directory. A non-zero exit fails the step.',
      ),
    shell: z
      .string()
      .min(1)
      .optional()
      .describe('The shell to run the script with, called as `<shell> -c <run>`. Default: bash.'),
  })
  .strict()
  .describe('Runs a shell script in the workspace; its output streams into the step log.');

export type ShellInput = z.output<typeof shellInput>;

export const shellAction: Action<typeof shellInput> = {
  name: 'shell',
  description:
    'Runs a shell script (`bash -c`) in the workspace; a non-zero exit fails the step. When the script ran a test runner Arcflow reads (vitest, jest, node:test, pytest, go, cargo, TAP), its tension point names the failing tests.',
  input: shellInput,
  async run(ctx) {
    const result = await runScript(ctx, ctx.input.run, {
      shell: ctx.input.shell,
      summarizeFailure: failedTestsInOutput,
    });
    return { outputs: { exitCode: result.exitCode } };
  },
};
