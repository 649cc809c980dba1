import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';

export const buildInput = z
  .object({
    command: z
      .string()
      .trim()
      .min(1)
      .describe('The build command, run as `bash -c <command>` in the workspace.'),
    artifacts: z
      .array(z.string().trim().min(1))
      .default([])
      .describe(
        'Paths (relative to the workspace, globs allowed) that must exist after the build; a missing one fails the step.',
      ),
  })
  .strict()
  .describe('Builds the project and checks that its artifacts exist.');

export type BuildInput = z.output<typeof buildInput>;

export const buildSpec: ActionSpec<typeof buildInput> = {
  name: 'build',
  description: 'Runs the build command and checks that the expected artifacts exist afterwards.',
  input: buildInput,
  outputs: {
    duration_ms: 'How long the build command ran, in milliseconds.',
    artifacts: 'The artifacts that exist after the build, relative to the workspace.',
  },
};
