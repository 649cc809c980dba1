import { shellSpec } from '@arcflow/engine';
import { defineAction } from './define.ts';
import { failedTestsInOutput } from './dev/test-output/index.ts';
import { runScript } from './process/run-process.ts';

export { abortReason, KILL_GRACE_MS } from './process/run-process.ts';

/**
 * The `shell` action: runs a script as `bash -c <run>` in the workspace directory (a plain
 * command is exec'd directly, as bash would: see process/simple-command.ts). The script
 * gets its own process group, so a cancel or a timeout stops everything it started (SIGTERM,
 * then SIGKILL after `KILL_GRACE_MS`); see process/run-process.ts. When the script ran a
 * test runner we recognise, its tension point names the failing tests.
 */
export const shellAction = defineAction(shellSpec, async (ctx) => {
  const result = await runScript(ctx, ctx.input.run, {
    shell: ctx.input.shell,
    summarizeFailure: failedTestsInOutput,
  });
  return { outputs: { exitCode: result.exitCode } };
});
