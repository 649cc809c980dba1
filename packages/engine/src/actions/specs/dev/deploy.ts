import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';

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

export const deploySpec: ActionSpec<typeof deployInput> = {
  name: 'deploy',
  description:
    'Runs a deploy command for a named environment (passed as ARCFLOW_ENVIRONMENT) and records where it went.',
  input: deployInput,
  outputs: {
    environment: 'The environment deployed to.',
    url: 'Where the deployed app can be reached (null when not given).',
  },
};
