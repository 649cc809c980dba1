import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { refString } from './ref-string.ts';

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

export const gitBranchSpec: ActionSpec<typeof gitBranchInput> = {
  name: 'git-branch',
  description: 'Creates a git branch (from HEAD or a given ref) and checks it out.',
  input: gitBranchInput,
  outputs: {
    branch: 'The name of the branch.',
    sha: 'The commit the branch points at.',
  },
};
