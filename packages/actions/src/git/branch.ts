import { gitBranchSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { branchExists, currentBranch, requireHead, resolveCommit, short } from './repo.ts';
import { runGit } from './run-git.ts';

export const gitBranchAction = defineAction(gitBranchSpec, async (ctx) => {
  const { name, from, checkout, if_exists } = ctx.input;
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
      outputs: { branch: name, sha },
      summary: `reused branch ${name} at ${short(sha)}${checkout ? ' (checked out)' : ''}`,
    };
  }

  const start = from ?? 'HEAD';
  const startSha = await resolveCommit(ctx, start);
  if (startSha === undefined) {
    throw new StepFailure({
      reason: 'error',
      message: `cannot create branch ${name} from ${start}: no such commit, branch or tag`,
      summary: `cannot branch from ${start}: no such commit, branch or tag`,
      retriable: false,
    });
  }
  if (checkout) await runGit(ctx, ['switch', '--create', name, start]);
  else await runGit(ctx, ['branch', name, start]);
  const origin = from === undefined ? '' : ` from ${from}`;
  return {
    outputs: { branch: name, sha: startSha },
    summary: `created branch ${name}${origin} at ${short(startSha)}${checkout ? ' (checked out)' : ''}`,
  };
});
