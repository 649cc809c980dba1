import type { ActionContext } from '@arcflow/engine';
import { type MergePrInput, mergePrSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { defaultBranch, missingBranch } from './default-branch.ts';
import {
  branchExists,
  currentBranch,
  identityArgs,
  isAncestor,
  listForSummary,
  plural,
  resolveCommit,
  short,
  trackedChanges,
} from './repo.ts';
import { runGit } from './run-git.ts';

/** The input with the target worked out (an empty or missing target is the default branch). */
type Ctx = ActionContext<MergePrInput & { target: string }>;

export const mergePrAction = defineAction(mergePrSpec, async (given) => {
  const target = await targetBranch(given);
  const ctx: Ctx = { ...given, input: { ...given.input, target } };
  const { source, strategy } = ctx.input;
  if (source === target) refuse(`cannot merge ${source} into itself`);
  const targetSha = await resolveCommit(ctx, `refs/heads/${target}`);
  if (targetSha === undefined) throw await missingBranch(ctx, 'target', target);
  const sourceSha = await resolveCommit(ctx, source);
  if (sourceSha === undefined) throw await missingBranch(ctx, 'source', source);

  const changes = await trackedChanges(ctx);
  if (changes.length > 0) {
    const files = changes.map((line) => line.slice(3));
    refuse(
      `the working tree has uncommitted changes in ${plural(files.length, 'file')}: ${listForSummary(files)} (commit or stash them first)`,
      { changes: files },
    );
  }

  if (await isAncestor(ctx, sourceSha, targetSha)) {
    await checkout(ctx, target);
    const deleted = await deleteSource(ctx);
    return {
      outputs: { sha: targetSha, target, fast_forward: false, merged: true },
      summary: `${target} already contains ${source}; nothing to merge${deleted}`,
    };
  }
  if (strategy === 'fast-forward' && !(await isAncestor(ctx, targetSha, sourceSha))) {
    const counts = await runGit(
      ctx,
      ['rev-list', '--left-right', '--count', `${targetSha}...${sourceSha}`],
      { quietStdout: true },
    );
    const [onlyTarget = 0, onlySource = 0] = counts.stdout.trim().split(/\s+/).map(Number);
    refuse(
      `cannot fast-forward ${target} to ${source}: they have diverged (${target} has ${plural(onlyTarget, 'commit')} not in ${source}); rebase ${source} or use strategy: merge`,
      { target_only: onlyTarget, source_only: onlySource },
    );
  }

  const original = (await currentBranch(ctx)) ?? (await resolveCommit(ctx, 'HEAD'));
  await checkout(ctx, target);
  try {
    await merge(ctx);
  } catch (error) {
    const conflicts = await conflictedFiles(ctx);
    await abortMerge(ctx);
    if (original !== undefined) await checkout(ctx, original);
    if (conflicts.length === 0) throw error;
    throw new StepFailure(
      {
        reason: 'error',
        message: `merge of ${source} into ${target} has conflicts`,
        summary: `merge of ${source} into ${target} conflicts in ${plural(conflicts.length, 'file')}: ${listForSummary(conflicts)}`,
        retriable: false,
        ...(error instanceof StepFailure && error.failure.lastLines
          ? { lastLines: error.failure.lastLines }
          : {}),
        details: { source, target, conflicts },
      },
      { cause: error },
    );
  }

  const sha = (await resolveCommit(ctx, 'HEAD'))!;
  const fastForward = strategy === 'fast-forward';
  const deleted = await deleteSource(ctx);
  const how = fastForward ? `fast-forward to ${short(sha)}` : `merge commit ${short(sha)}`;
  return {
    outputs: { sha, target, fast_forward: fastForward, merged: true },
    summary: `merged ${source} into ${target} (${how})${deleted}`,
  };
});

async function targetBranch(ctx: ActionContext<MergePrInput>): Promise<string> {
  const { source, target } = ctx.input;
  if (target) return target;
  const found = await defaultBranch(ctx, { not: source, purpose: 'merge into', input: 'target' });
  ctx.log('system', `target: ${found.name}, the repository's default branch (${found.why})`);
  return found.name;
}

async function merge(ctx: Ctx): Promise<void> {
  const { source, target, strategy, message } = ctx.input;
  if (strategy === 'fast-forward') {
    await runGit(ctx, ['merge', '--ff-only', source]);
    return;
  }
  const text = message ?? `Merge branch '${source}' into ${target}`;
  const identity = await identityArgs(ctx);
  await runGit(ctx, [...identity, 'merge', '--no-ff', '--no-edit', '--message', text, source]);
}

/** Checks out a branch, or a commit (detached) when given a sha. */
async function checkout(ctx: Ctx, ref: string): Promise<void> {
  if ((await currentBranch(ctx)) === ref) return;
  if (await branchExists(ctx, ref)) await runGit(ctx, ['switch', ref]);
  else await runGit(ctx, ['switch', '--detach', ref]);
}

async function conflictedFiles(ctx: Ctx): Promise<string[]> {
  const result = await runGit(ctx, ['diff', '--name-only', '--diff-filter=U', '-z'], {
    quietStdout: true,
  });
  return [...new Set(result.stdout.split('\0').filter((f) => f !== ''))];
}

async function abortMerge(ctx: Ctx): Promise<void> {
  if ((await resolveCommit(ctx, 'MERGE_HEAD')) === undefined) return;
  await runGit(ctx, ['merge', '--abort']);
}

/** Deletes a merged local source branch when asked; returns the words for the summary. */
async function deleteSource(ctx: Ctx): Promise<string> {
  const { source, delete_source } = ctx.input;
  if (!delete_source) return '';
  if (!(await branchExists(ctx, source))) {
    ctx.log('system', `${source} is not a local branch; not deleting it`);
    return '';
  }
  await runGit(ctx, ['branch', '--delete', source]);
  return `; deleted ${source}`;
}

function refuse(summary: string, details?: Record<string, unknown>): never {
  throw new StepFailure({
    reason: 'error',
    message: `merge refused: ${summary}`,
    summary,
    retriable: false,
    ...(details ? { details } : {}),
  });
}
