import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { TEST_RUNNERS } from './test-runners.ts';
import { workingDirectoryInput } from './working-directory.ts';

export const runTestsInput = z
  .object({
    command: z
      .string()
      .trim()
      .optional()
      .describe(
        'The test command, run as `bash -c <command>` in the workspace. Default (or empty): found from the project (package.json `test` script with its package manager, pytest through uv or poetry, `go test -v ./...`, `cargo test`, a Makefile `test` target).',
      ),
    working_directory: workingDirectoryInput,
    runner: z
      .enum(['auto', ...TEST_RUNNERS])
      .default('auto')
      .describe(
        'Whose output to read for the counts and the failing tests. Default: auto (the runner the project declares in package.json, pyproject.toml, go.mod or Cargo.toml, else recognised from the output).',
      ),
  })
  .strict()
  .describe('Runs the test suite and reads its result: counts and failing tests.');

export type RunTestsInput = z.output<typeof runTestsInput>;

export const runTestsSpec: ActionSpec<typeof runTestsInput> = {
  name: 'run-tests',
  description:
    'Runs the workspace tests (found from its files or given) and reports passed, failed and skipped tests, naming the failures.',
  input: runTestsInput,
  openOutputs: true,
  outputs: {
    passed: 'How many tests passed (null when the output had no summary Arcflow recognises).',
    failed: 'How many tests failed (null when the output had no summary Arcflow recognises).',
    skipped: 'How many tests were skipped or todo (null when no summary was recognised).',
    failing:
      'The names of the failing tests with their suites (`parser > parses dates`); pytest, go and cargo tests by the ids they print.',
    runner:
      'The test runner whose output was read (vitest, jest, mocha, node, pytest, go, cargo, tap), or null.',
    command: 'The command that ran.',
  },
};
