import type { Action, ActionSpec } from '@arcflow/engine';
import type { z } from 'zod';

/**
 * A runnable action: the spec the engine validates `with:` by, and what the step does. The
 * input `run` receives is the spec's schema, parsed.
 */
export function defineAction<Schema extends z.ZodType>(
  spec: ActionSpec<Schema>,
  run: Action<Schema>['run'],
): Action<Schema> {
  return { ...spec, run };
}
