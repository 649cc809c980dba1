import { requestReviewAction } from './ceremony/request-review.ts';
import { createDevActions } from './dev/index.ts';
import { gitActions } from './git/index.ts';
import { noopAction } from './noop.ts';
import { type ActionRegistry, createActionRegistry } from './registry.ts';
import { shellAction } from './shell.ts';

/** The actions every Arcflow workspace has. */
export const builtinActions: ActionRegistry = createActionRegistry([
  shellAction,
  noopAction,
  requestReviewAction,
  ...gitActions,
  // schema-validate checks workflows against this very registry, handed over lazily
  ...createDevActions(() => builtinActions),
]);
