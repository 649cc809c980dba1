import type { ActionRegistry } from '../registry.ts';
import type { Action } from '../types.ts';
import { buildAction } from './build.ts';
import { deployAction } from './deploy.ts';
import { depsOutdatedAction } from './deps-outdated.ts';
import { depsUpdateAction } from './deps-update.ts';
import { notifyAction } from './notify.ts';
import { runTestsAction } from './run-tests.ts';
import { createSchemaValidateAction } from './schema-validate.ts';
import { waitAction } from './wait.ts';

export { buildAction } from './build.ts';
export { deployAction } from './deploy.ts';
export { depsOutdatedAction } from './deps-outdated.ts';
export { depsUpdateAction } from './deps-update.ts';
export { notifyAction } from './notify.ts';
export { runTestsAction } from './run-tests.ts';
export { createSchemaValidateAction } from './schema-validate.ts';
export { waitAction } from './wait.ts';

/**
 * The actions of everyday development: test, validate, build, deploy, notify, wait,
 * dependencies. `schema-validate` checks workflows against `actions()` — the registry these
 * actions end up in — so builtin.ts can pass `() => builtinActions` without an import cycle.
 */
export function createDevActions(actions: () => ActionRegistry): readonly Action[] {
  return [
    runTestsAction,
    createSchemaValidateAction(actions),
    buildAction,
    deployAction,
    notifyAction,
    waitAction,
    depsOutdatedAction,
    depsUpdateAction,
  ];
}
