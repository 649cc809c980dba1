/** The built-in actions' specs: name, description, input schema and outputs; no `run`. */
export { type RequestReviewInput, requestReviewSpec } from './ceremony/request-review.ts';
export { type BuildInput, buildSpec } from './dev/build.ts';
export { type DeployInput, deploySpec } from './dev/deploy.ts';
export { type DepsOutdatedInput, depsOutdatedSpec } from './dev/deps-outdated.ts';
export { type DepsUpdateInput, depsUpdateSpec } from './dev/deps-update.ts';
export { type NotifyInput, notifySpec } from './dev/notify.ts';
export { type RunTestsInput, runTestsSpec } from './dev/run-tests.ts';
export {
  type SchemaValidateInput,
  schemaValidateSpec,
  WORKSPACE_WORKFLOWS_DIR,
} from './dev/schema-validate.ts';
export { TEST_RUNNERS, type TestRunner } from './dev/test-runners.ts';
export { type WaitInput, waitSpec } from './dev/wait.ts';
export { type GitBranchInput, gitBranchSpec } from './git/branch.ts';
export { type ChangelogInput, changelogSpec } from './git/changelog.ts';
export { type GitCommitInput, gitCommitSpec } from './git/commit.ts';
export { type MergePrInput, mergePrSpec } from './git/merge-pr.ts';
export {
  isValidPreid,
  parseVersion,
  RELEASE_LEVELS,
  type ReleaseLevel,
  type SemVer,
} from './git/semver.ts';
export { type GitTagInput, gitTagSpec } from './git/tag.ts';
export { type VersionBumpInput, versionBumpSpec } from './git/version-bump.ts';
export { type NoopInput, noopSpec } from './noop.ts';
export { type ShellInput, shellSpec } from './shell.ts';
