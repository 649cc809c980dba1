import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { workingDirectoryInput } from './working-directory.ts';

export const buildInput = z
  .object({
    command: z
      .string()
      .trim()
      .optional()
      .describe(
        'The build command, run as `bash -c <command>` in the workspace. Empty or left out: found from the project (package.json `build` script with its package manager, `go build ./...`, `cargo build`, a Makefile `build` target); a project with nothing to build ends the step skipped, saying so.',
      ),
    working_directory: workingDirectoryInput,
    artifacts: z
      .array(z.string().trim().min(1))
      .default([])
      .describe(
        'Paths (relative to the working directory, globs allowed) that must exist after the build; a missing one fails the step.',
      ),
  })
  .strict()
  .describe('Builds the project and checks that its artifacts exist.');

export type BuildInput = z.output<typeof buildInput>;

export const buildSpec: ActionSpec<typeof buildInput> = {
  name: 'build',
  description:
    'Runs the build command (given, or found from the project) and checks that the expected artifacts exist afterwards; skipped when the project has nothing to build.',
  input: buildInput,
  openOutputs: true,
  outputs: {
    duration_ms: 'How long the build command ran, in milliseconds.',
    artifacts: 'The artifacts that exist after the build, relative to the workspace.',
    command: 'The command that ran (null when there was nothing to build).',
  },
};
