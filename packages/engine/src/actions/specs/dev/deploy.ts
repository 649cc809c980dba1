import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';

export const deployInput = z
  .object({
    command: z
      .string()
      .trim()
      .optional()
      .describe(
        "The deploy command, run as `bash -c <command>` in the workspace with ARCFLOW_ENVIRONMENT set. Empty or left out: the project's own (package.json `deploy` script, a Makefile `deploy` target); without one the step ends skipped, saying there is nothing to deploy.",
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
    "Runs a deploy command (given, or the project's own) for a named environment (passed as ARCFLOW_ENVIRONMENT) and records where it went; skipped when there is nothing to deploy.",
  input: deployInput,
  openOutputs: true,
  irreversible: 'deploys',
  outputs: {
    environment: 'The environment deployed to.',
    url: 'Where the deployed app can be reached (null when not given).',
    deployed: 'Whether a deploy command ran (false when there was nothing to deploy).',
    command: 'The command that ran (null when there was nothing to deploy).',
    outcome:
      'What happened, in words, for a later message: "deployed to staging" or "nothing to deploy to staging: …".',
  },
};
