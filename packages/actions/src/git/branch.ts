import type { ActionContext } from '@arcflow/engine';
import { type GitBranchInput, gitBranchSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { defaultBranch, missingBranch } from './default-branch.ts';
import { branchExists, currentBranch, requireHead, resolveCommit, short } from './repo.ts';
import { runGit } from './run-git.ts';

export const gitBranchAction = defineAction(gitBranchSpec, async (ctx) => {
  const { name, from, checkout, if_exists } = ctx.input;
  if (name === '') return checkOutDefaultBranch(ctx);
  const valid = await runGit(ctx, ['check-ref-format', '--branch', name], {
    okCodes: [1, 128],
    quietStdout: true,
  });
  if (valid.code !== 0) {
    throw new StepFailure({
      reason: 'error',
      message: `"${name}" is not a valid branch name`,
      summary: `"${name}" is not a valid branch name (see \`git check-ref-format\`)`,
      retriable: false,
    });
  }
  await requireHead(ctx);
  // What the branch starts from, and what a workflow later merges it back into.
  const base = await baseOf(ctx);

  if (await branchExists(ctx, name)) {
    const sha = (await resolveCommit(ctx, `refs/heads/${name}`))!;
    if (if_exists === 'fail') {
      throw new StepFailure({
        reason: 'error',
        message: `branch ${name} already exists`,
        summary: `branch ${name} already exists at ${short(sha)} (set if_exists: reuse to use it)`,
        retriable: false,
        details: { branch: name, sha },
      });
    }
    if (checkout && (await currentBranch(ctx)) !== name) await runGit(ctx, ['switch', name]);
    return {
      outputs: { branch: name, sha, base: base.name },
      summary: `reused branch ${name} at ${short(sha)}${checkout ? ' (checked out)' : ''}`,
    };
  }

  const start = from === undefined ? 'HEAD' : base.name;
  const startSha = await resolveCommit(ctx, start);
  if (startSha === undefined) {
    if (from === '') throw await missingBranch(ctx, 'default', start);
    throw new StepFailure({
      reason: 'error',
      message: `cannot create branch ${name} from ${start}: no such commit, branch or tag`,
      summary: `cannot branch from ${start}: no such commit, branch or tag`,
      retriable: false,
    });
  }
  if (checkout) await runGit(ctx, ['switch', '--create', name, start]);
  else await runGit(ctx, ['branch', name, start]);
  const origin = from === undefined ? '' : ` from ${start}`;
  return {
    outputs: { branch: name, sha: startSha, base: base.name },
    summary: `created branch ${name}${origin} at ${short(startSha)}${checkout ? ' (checked out)' : ''}`,
  };
});

/** `from`; for `""` the default branch; left out, the branch (or commit) checked out now. */
async function baseOf(ctx: ActionContext<GitBranchInput>): Promise<{ name: string }> {
  const { name, from } = ctx.input;
  if (from) return { name: from };
  if (from === '') {
    const found = await defaultBranch(ctx, {
      not: name,
      purpose: `start ${name} from`,
      input: 'from',
    });
    ctx.log('system', `from: ${found.name}, the repository's default branch (${found.why})`);
    return found;
  }
  return { name: (await currentBranch(ctx)) ?? (await resolveCommit(ctx, 'HEAD'))! };
}

/** `name: ""`: the repository's default branch, checked out as it is (never created). */
async function checkOutDefaultBranch(ctx: ActionContext<GitBranchInput>) {
  await requireHead(ctx);
  const found = await defaultBranch(ctx, { purpose: 'check out', input: 'name' });
  ctx.log('system', `name: ${found.name}, the repository's default branch (${found.why})`);
  if (ctx.input.checkout && (await currentBranch(ctx)) !== found.name) {
    // `git switch` also makes a local branch of a remote's default branch (origin/develop).
    await runGit(ctx, ['switch', found.name]);
  }
  const sha = await resolveCommit(ctx, found.name);
  if (sha === undefined) throw await missingBranch(ctx, 'default', found.name);
  return {
    outputs: { branch: found.name, sha, base: found.name },
    summary: `${ctx.input.checkout ? 'checked out' : 'found'} ${found.name}, the repository's default branch, at ${short(sha)}`,
  };
}
