import { type ActionRegistry, createActionRegistry } from '@arcflow/engine';
import { requestReviewAction } from './ceremony/request-review.ts';
import { devActions } from './dev/index.ts';
import { gitActions } from './git/index.ts';
import { noopAction } from './noop.ts';
import { shellAction } from './shell.ts';

/**
 * The actions every Arcflow workspace has, runnable: the same names, inputs and order as the
 * engine's `builtinActionSpecs`, each with its `run`.
 */
export const builtinActions: ActionRegistry = createActionRegistry([
  shellAction,
  noopAction,
  requestReviewAction,
  ...gitActions,
  ...devActions,
]);
