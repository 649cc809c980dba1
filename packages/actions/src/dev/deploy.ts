import { deploySpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { runScript } from '../process/run-process.ts';
import { taskCommand } from './project/command.ts';

/**
 * The `deploy` action: runs the deploy command given, or the project's own (a `deploy` script,
 * a Makefile target). Without one it says there is nothing to deploy and ends skipped: it never
 * claims a deploy that did not happen.
 */
export const deployAction = defineAction(deploySpec, async (ctx) => {
  const { environment, url } = ctx.input;
  const task = await taskCommand(ctx.workspaceDir, 'deploy', ctx.input.command);
  if (task.command === undefined) {
    const why = task.why.replace(/^nothing to deploy/, `nothing to deploy to ${environment}`);
    ctx.log('system', why);
    return {
      outputs: { environment, url: null, deployed: false, command: null, outcome: why },
      skipped: why,
    };
  }
  const { command } = task;
  if (task.project)
    ctx.log('system', `${task.project.label} (${task.project.evidence.join(', ')}): ${command}`);
  const env: Record<string, string> = { ARCFLOW_ENVIRONMENT: environment };
  if (url !== undefined) env.ARCFLOW_DEPLOY_URL = url;
  try {
    await runScript(ctx, command, { label: `\`${command}\``, echo: true, env });
  } catch (error) {
    if (error instanceof StepFailure && error.failure.reason === 'exit-code') {
      throw new StepFailure(
        {
          ...error.failure,
          summary: `the deploy to ${environment} failed: ${error.failure.summary ?? error.failure.message}`,
          details: { environment, command, exitCode: error.failure.exitCode },
        },
        { cause: error },
      );
    }
    throw error;
  }
  const outcome = url ? `deployed to ${environment} (${url})` : `deployed to ${environment}`;
  return {
    outputs: { environment, url: url ?? null, deployed: true, command, outcome },
    summary: `${outcome} with \`${command}\``,
  };
});
