import { noopAction } from './noop.ts';
import { type ActionRegistry, createActionRegistry } from './registry.ts';
import { shellAction } from './shell.ts';

/** The actions every Arcflow workspace has. */
export const builtinActions: ActionRegistry = createActionRegistry([shellAction, noopAction]);
