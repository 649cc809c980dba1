import type { Action } from '@arcflow/engine';
import { gitBranchAction } from './branch.ts';
import { changelogAction } from './changelog.ts';
import { gitCommitAction } from './commit.ts';
import { mergePrAction } from './merge-pr.ts';
import { gitTagAction } from './tag.ts';
import { versionBumpAction } from './version-bump.ts';

export { gitBranchAction } from './branch.ts';
export { changelogAction } from './changelog.ts';
export { gitCommitAction } from './commit.ts';
export { mergePrAction } from './merge-pr.ts';
export { gitTagAction } from './tag.ts';
export { versionBumpAction } from './version-bump.ts';

/** The actions that work on the workspace's git repository and its release files. */
export const gitActions: readonly Action[] = [
  gitBranchAction,
  gitCommitAction,
  gitTagAction,
  mergePrAction,
  versionBumpAction,
  changelogAction,
];
