import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { branchOrDefault, DEFAULT_BRANCH_RULE, refString } from './ref-string.ts';

export const mergePrInput = z
  .object({
    source: refString().describe('The branch (or ref) to merge, e.g. `feature/login`.'),
    target: branchOrDefault()
      .optional()
      .describe(
        `The local branch to merge into. Default (left out or empty): ${DEFAULT_BRANCH_RULE} (the checked-out branch only when it is not the source).`,
      ),
    strategy: z
      .enum(['fast-forward', 'merge'])
      .default('merge')
      .describe(
        '`fast-forward` moves the target up to the source and refuses otherwise; `merge` always makes a merge commit (`--no-ff`). Default: merge.',
      ),
    message: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe("The merge commit's message. Default: \"Merge branch '<source>' into <target>\"."),
    delete_source: z
      .boolean()
      .default(false)
      .describe('Delete the source branch once merged (local branches only). Default: false.'),
  })
  .strict()
  .describe('Merges a branch into another in the workspace repository; refuses on conflicts.');

export type MergePrInput = z.output<typeof mergePrInput>;

export const mergePrSpec: ActionSpec<typeof mergePrInput> = {
  name: 'merge-pr',
  description:
    'Merges a branch into a target branch (fast-forward or merge commit), leaving the target checked out; on conflicts it aborts and leaves the repository as it was.',
  input: mergePrInput,
  irreversible: 'merges into the target branch',
  outputs: {
    sha: 'The head of the target branch after the merge.',
    target: 'The branch merged into (the default branch when `target` was left empty).',
    fast_forward: 'Whether the target was fast-forwarded (no merge commit).',
    merged: 'True: the source is now part of the target.',
  },
};
