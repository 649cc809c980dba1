import { z } from 'zod';
import { StepFailure } from '../../errors.ts';
import { runScript } from '../process/run-process.ts';
import type { Action } from '../types.ts';
import { detectTestCommand, runnerFromCommand } from './detect-tests.ts';
import {
  failedTestsSentence,
  parseTestOutput,
  TEST_RUNNERS,
  type TestReport,
} from './test-output/index.ts';
import { lastLines } from './words.ts';

export const runTestsInput = z
  .object({
    command: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        'The test command, run as `bash -c <command>` in the workspace. Default: found from the workspace (package.json `test` script, pytest, `go test ./...`, `cargo test`).',
      ),
    runner: z
      .enum(['auto', ...TEST_RUNNERS])
      .default('auto')
      .describe(
        'Whose output to read for the counts and the failing tests. Default: auto (recognised from the output).',
      ),
  })
  .strict()
  .describe('Runs the test suite and reads its result: counts and failing tests.');

export type RunTestsInput = z.output<typeof runTestsInput>;

export const runTestsAction: Action<typeof runTestsInput> = {
  name: 'run-tests',
  description:
    'Runs the workspace tests (found from its files or given) and reports passed, failed and skipped tests, naming the failures.',
  input: runTestsInput,
  outputs: {
    passed: 'How many tests passed (null when the output had no summary Arcflow recognises).',
    failed: 'How many tests failed (null when the output had no summary Arcflow recognises).',
    skipped: 'How many tests were skipped or todo (null when no summary was recognised).',
    failing: 'The names of the failing tests, as the runner printed them.',
    runner:
      'The test runner whose output was read (vitest, jest, node, pytest, go, cargo, tap), or null.',
    command: 'The command that ran.',
  },
  async run(ctx) {
    const detected =
      ctx.input.command === undefined ? await detectTestCommand(ctx.workspaceDir) : undefined;
    const command = ctx.input.command ?? detected?.command;
    if (command === undefined) {
      const message = `no tests found in ${ctx.workspaceDir}: add a \`test\` script to package.json or pass with.command`;
      throw new StepFailure({ reason: 'error', message, summary: message, retriable: false });
    }

    const result = await runScript(ctx, command, {
      label: `\`${command}\``,
      echo: true,
      okCodes: 'any',
      // Runners behave as on CI: no watch mode, no interactive prompts.
      env: { CI: ctx.env.CI ?? 'true' },
    });

    const requested = ctx.input.runner === 'auto' ? undefined : ctx.input.runner;
    let parsed = parseTestOutput(result.output, requested);
    const hinted = detected?.runner ?? runnerFromCommand(command);
    if (parsed.runner === undefined && hinted) parsed = parseTestOutput(result.output, hinted);
    const { report } = parsed;
    const runner = parsed.runner ?? hinted ?? null;
    const outputs = {
      passed: report.passed,
      failed: report.failed,
      skipped: report.skipped,
      failing: report.failing,
      runner,
      command,
    };

    if (result.exitCode !== 0) {
      const how =
        result.exitCode !== null
          ? `exited with code ${result.exitCode}`
          : `was killed by ${result.signal}`;
      throw new StepFailure({
        reason: 'exit-code',
        message: `\`${command}\` ${how}`,
        summary: failureSummary(report, `\`${command}\` ${how}`),
        ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}),
        ...(result.signal ? { signal: result.signal } : {}),
        lastLines: lastLines(result.output),
        details: {
          passed: report.passed,
          failed: report.failed,
          skipped: report.skipped,
          failing: report.failing,
          runner,
          command,
        },
      });
    }
    return { outputs, summary: successSummary(report, command) };
  },
};

function successSummary(report: TestReport, command: string): string {
  if (report.passed === null)
    return `\`${command}\` passed (no test summary recognised in its output)`;
  return `${report.passed} passed, ${report.failed ?? 0} failed, ${report.skipped ?? 0} skipped`;
}

function failureSummary(report: TestReport, exited: string): string {
  return failedTestsSentence(report) ?? `${exited}; no failing test recognised in its output`;
}
