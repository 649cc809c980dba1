import type { Action } from '@arcflow/engine';
import { buildAction } from './build.ts';
import { deployAction } from './deploy.ts';
import { depsOutdatedAction } from './deps-outdated.ts';
import { depsUpdateAction } from './deps-update.ts';
import { notifyAction } from './notify.ts';
import { runTestsAction } from './run-tests.ts';
import { schemaValidateAction } from './schema-validate.ts';
import { waitAction } from './wait.ts';

export { buildAction } from './build.ts';
export { deployAction } from './deploy.ts';
export { depsOutdatedAction } from './deps-outdated.ts';
export { depsUpdateAction } from './deps-update.ts';
export { notifyAction } from './notify.ts';
export { runTestsAction } from './run-tests.ts';
export { createSchemaValidateAction, schemaValidateAction } from './schema-validate.ts';
export { waitAction } from './wait.ts';

/**
 * The actions of everyday development: test, validate, build, deploy, notify, wait,
 * dependencies. `schema-validate` checks workflows against the engine's built-in specs.
 */
export const devActions: readonly Action[] = [
  runTestsAction,
  schemaValidateAction,
  buildAction,
  deployAction,
  notifyAction,
  waitAction,
  depsOutdatedAction,
  depsUpdateAction,
];
