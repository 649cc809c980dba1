import { z } from 'zod';
import type { ActionSpec } from '../types.ts';

export const noopInput = z
  .object({
    message: z.string().optional().describe('A line to write to the step log. Optional.'),
  })
  .strict()
  .describe('Does nothing, successfully: a placeholder beat for a step that is not built yet.');

export type NoopInput = z.output<typeof noopInput>;

export const noopSpec: ActionSpec<typeof noopInput> = {
  name: 'noop',
  description: 'Does nothing and succeeds; logs `message` when given. Handy as a placeholder beat.',
  input: noopInput,
};
