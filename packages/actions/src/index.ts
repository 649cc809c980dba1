export { builtinActions } from './builtin.ts';
export { requestReviewAction } from './ceremony/request-review.ts';
export { defineAction } from './define.ts';
export { expandGlobs, hasGlob } from './dev/glob.ts';
export * from './dev/index.ts';
export * from './git/index.ts';
export { noopAction } from './noop.ts';
export { processSpawner } from './process/spawner/spawner.ts';
export { abortReason, KILL_GRACE_MS, shellAction } from './shell.ts';
