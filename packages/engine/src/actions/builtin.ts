import { type ActionSpecRegistry, createActionRegistry } from './registry.ts';
import { requestReviewSpec } from './specs/ceremony/request-review.ts';
import { buildSpec } from './specs/dev/build.ts';
import { deploySpec } from './specs/dev/deploy.ts';
import { depsOutdatedSpec } from './specs/dev/deps-outdated.ts';
import { depsUpdateSpec } from './specs/dev/deps-update.ts';
import { notifySpec } from './specs/dev/notify.ts';
import { runTestsSpec } from './specs/dev/run-tests.ts';
import { schemaValidateSpec } from './specs/dev/schema-validate.ts';
import { waitSpec } from './specs/dev/wait.ts';
import { gitBranchSpec } from './specs/git/branch.ts';
import { changelogSpec } from './specs/git/changelog.ts';
import { gitCommitSpec } from './specs/git/commit.ts';
import { mergePrSpec } from './specs/git/merge-pr.ts';
import { gitTagSpec } from './specs/git/tag.ts';
import { versionBumpSpec } from './specs/git/version-bump.ts';
import { noopSpec } from './specs/noop.ts';
import { shellSpec } from './specs/shell.ts';

/**
 * The specs of the actions every Arcflow workspace has, in the order @arcflow/actions
 * registers their implementations. Validation, `arcflow validate` and the editor's JSON Schema
 * use this registry; it loads no I/O code.
 */
export const builtinActionSpecs: ActionSpecRegistry = createActionRegistry([
  shellSpec,
  noopSpec,
  requestReviewSpec,
  // git
  gitBranchSpec,
  gitCommitSpec,
  gitTagSpec,
  mergePrSpec,
  versionBumpSpec,
  changelogSpec,
  // dev
  runTestsSpec,
  schemaValidateSpec,
  buildSpec,
  deploySpec,
  notifySpec,
  waitSpec,
  depsOutdatedSpec,
  depsUpdateSpec,
]);
