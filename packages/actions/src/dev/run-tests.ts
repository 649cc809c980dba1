import { runTestsSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { runScript } from '../process/run-process.ts';
import { declaredTestRunner, detectTestCommand, runnerFromCommand } from './detect-tests.ts';
import { failedTestsSentence, parseTestOutput, type TestReport } from './test-output/index.ts';
import { lastLines } from './words.ts';
import { inWorkingDirectory } from './working-directory.ts';

export const runTestsAction = defineAction(runTestsSpec, async (stepCtx) => {
  const ctx = await inWorkingDirectory(stepCtx);
  // Blank means "find it", so a template can pass an optional `test_command` input through.
  const given = ctx.input.command?.trim() || undefined;
  const detected = given === undefined ? await detectTestCommand(ctx.workspaceDir) : undefined;
  const command = given ?? detected?.command;
  if (command === undefined) {
    const message = `no tests found in ${ctx.workspaceDir}: add a \`test\` script to package.json (or pytest configuration, go.mod, Cargo.toml, a Makefile \`test\` target), or give the step a command`;
    throw new StepFailure({ reason: 'error', message, summary: message, retriable: false });
  }

  const result = await runScript(ctx, command, {
    label: `\`${command}\``,
    echo: true,
    okCodes: 'any',
    // Runners behave as on CI: no watch mode, no interactive prompts.
    env: { CI: ctx.env.CI ?? 'true' },
  });

  // The runner the step names, else the one the command calls, else the one the project
  // declares; its parser reads the output first (recognising it is only the fallback).
  const declared =
    ctx.input.runner !== 'auto'
      ? ctx.input.runner
      : (runnerFromCommand(command) ??
        detected?.runner ??
        (await declaredTestRunner(ctx.workspaceDir)));
  const parsed = parseTestOutput(result.output, declared);
  const { report } = parsed;
  const runner = parsed.runner ?? null;
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
});

function successSummary(report: TestReport, command: string): string {
  if (report.passed === null)
    return `\`${command}\` passed (no test summary recognised in its output)`;
  return `${report.passed} passed, ${report.failed ?? 0} failed, ${report.skipped ?? 0} skipped`;
}

function failureSummary(report: TestReport, exited: string): string {
  return failedTestsSentence(report) ?? `${exited}; no failing test recognised in its output`;
}
