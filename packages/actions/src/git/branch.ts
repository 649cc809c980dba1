import { z } from 'zod';
import { StepFailure } from '../../errors.ts';
import type { Action } from '../types.ts';
import {
  branchExists,
  currentBranch,
  refString,
  requireHead,
  resolveCommit,
  short,
} from './repo.ts';
import { runGit } from './run-git.ts';

export const gitBranchInput = z
  .object({
    name: refString().describe('The branch to create, e.g. `feature/login`.'),
    from: refString()
      .optional()
      .describe('The commit, branch or tag the new branch starts at. Default: the current HEAD.'),
    checkout: z
      .boolean()
      .default(true)
      .describe('Check the branch out after creating (or reusing) it. Default: true.'),
    if_exists: z
      .enum(['fail', 'reuse'])
      .default('fail')
      .describe(
        'When the branch already exists: `fail` the step, or `reuse` it as it is. Default: fail.',
      ),
  })
  .strict()
  .describe('Creates a branch in the workspace repository and checks it out.');

export type GitBranchInput = z.output<typeof gitBranchInput>;

export const gitBranchAction: Action<typeof gitBranchInput> = {
  name: 'git-branch',
  description: 'Creates a git branch (from HEAD or a given ref) and checks it out.',
  input: gitBranchInput,
  outputs: {
    branch: 'The name of the branch.',
    sha: 'The commit the branch points at.',
  },
  async run(ctx) {
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
  },
};
