import { z } from 'zod';
import { StepFailure } from '../../errors.ts';
import { runScript } from '../process/run-process.ts';
import type { Action } from '../types.ts';

export const deployInput = z
  .object({
    command: z
      .string()
      .trim()
      .min(1)
      .describe(
        'The deploy command, run as `bash -c <command>` in the workspace with ARCFLOW_ENVIRONMENT set.',
      ),
    environment: z
      .string()
      .trim()
      .min(1)
      .describe(
        'Where to deploy (`staging`, `production`…); the command sees it as ARCFLOW_ENVIRONMENT.',
      ),
    url: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Where the deployed app can be reached, for the story and later steps. Optional.'),
  })
  .strict()
  .describe('Deploys with a command to a named environment.');

export type DeployInput = z.output<typeof deployInput>;

export const deployAction: Action<typeof deployInput> = {
  name: 'deploy',
  description:
    'Runs a deploy command for a named environment (passed as ARCFLOW_ENVIRONMENT) and records where it went.',
  input: deployInput,
  outputs: {
    environment: 'The environment deployed to.',
    url: 'Where the deployed app can be reached (null when not given).',
  },
  async run(ctx) {
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
  },
};
