import { z } from 'zod';
import { parseDuration } from '../../../definition/duration.ts';
import type { ActionSpec } from '../../types.ts';

export const waitInput = z
  .object({
    duration: z
      .union([z.string(), z.number()])
      .refine((value) => parseDuration(value) !== undefined, {
        message: 'expected a duration such as `30s`, `5m`, `1h30m`, or a number of seconds',
      })
      .describe('How long to wait: `30s`, `5m`, `1h30m`, `500ms`, or a number of seconds.'),
  })
  .strict()
  .describe('Waits for a while, e.g. for a deployment to settle.');

export type WaitInput = z.output<typeof waitInput>;

export const waitSpec: ActionSpec<typeof waitInput> = {
  name: 'wait',
  description: 'Waits for the given duration; a cancel or timeout ends the wait at once.',
  input: waitInput,
  outputs: { waited_ms: 'How long the step waited, in milliseconds.' },
};
