import { z } from 'zod';
import type { Action } from './types.ts';

export const noopInput = z
  .object({
    message: z.string().optional().describe('A line to write to the step log. Optional.'),
  })
  .strict()
  .describe('Does nothing, successfully: a placeholder beat for a step that is not built yet.');

/** A step that does nothing and succeeds; logs `message` when given. */
export const noopAction: Action<typeof noopInput> = {
  name: 'noop',
  description: 'Does nothing and succeeds; logs `message` when given. Handy as a placeholder beat.',
  input: noopInput,
  async run(ctx) {
    if (ctx.input.message !== undefined) ctx.log('stdout', ctx.input.message);
    return {};
  },
};
