import { noopSpec } from '@arcflow/engine';
import { defineAction } from './define.ts';

/** A step that does nothing and succeeds; logs `message` when given. */
export const noopAction = defineAction(noopSpec, async (ctx) => {
  if (ctx.input.message !== undefined) ctx.log('stdout', ctx.input.message);
  return {};
});
