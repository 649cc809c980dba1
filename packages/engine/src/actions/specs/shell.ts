import { z } from 'zod';
import type { ActionSpec } from '../types.ts';

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

export const shellSpec: ActionSpec<typeof shellInput> = {
  name: 'shell',
  description:
    'Runs a shell script (`bash -c`) in the workspace; a non-zero exit fails the step. When the script ran a test runner Arcflow reads (vitest, jest, node:test, pytest, go, cargo, TAP), its tension point names the failing tests.',
  input: shellInput,
  openOutputs: true,
};
