import { deploySpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { runScript } from '../process/run-process.ts';

export const deployAction = defineAction(deploySpec, async (ctx) => {
  const { command, environment, url } = ctx.input;
  const env: Record<string, string> = { ARCFLOW_ENVIRONMENT: environment };
  if (url !== undefined) env.ARCFLOW_DEPLOY_URL = url;
  try {
    await runScript(ctx, command, { label: `\`${command}\``, echo: true, env });
  } catch (error) {
    if (error instanceof StepFailure && error.failure.reason === 'exit-code') {
      throw new StepFailure(
        {
          ...error.failure,
          summary: `the deploy to ${environment} failed: ${error.failure.message}`,
          details: { environment, command, exitCode: error.failure.exitCode },
        },
        { cause: error },
      );
    }
    throw error;
  }
  return {
    outputs: { environment, url: url ?? null },
    summary: url ? `deployed to ${environment} (${url})` : `deployed to ${environment}`,
  };
});
