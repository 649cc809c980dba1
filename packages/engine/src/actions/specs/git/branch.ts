import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { branchOrDefault, DEFAULT_BRANCH_RULE } from './ref-string.ts';

export const gitBranchInput = z
  .object({
    name: branchOrDefault().describe(
      `The branch to create, e.g. \`feature/login\`; empty (\`""\`) to check out ${DEFAULT_BRANCH_RULE} (a workflow whose \`target\` input was left empty starts from it).`,
    ),
    from: branchOrDefault()
      .optional()
      .describe(
        `The commit, branch or tag the new branch starts at; empty (\`""\`) for ${DEFAULT_BRANCH_RULE}. Default (left out): the current HEAD.`,
      ),
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
    base: 'The branch (or commit) it starts from: `from`, the default branch an empty `from` named, or the branch checked out before. A workflow merges back into it.',
    sha: 'The commit the branch points at.',
  },
};
