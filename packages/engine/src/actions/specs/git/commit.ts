import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';

export const gitCommitInput = z
  .object({
    message: z
      .string()
      .trim()
      .min(1)
      .describe('The commit message; its first line is the subject.'),
    paths: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Commit only these paths (files or directories). Default: every change (`git add -A`).',
      ),
    allow_empty: z
      .boolean()
      .default(false)
      .describe(
        'Make a commit even when nothing changed. Default: false (nothing to commit succeeds without a commit).',
      ),
    author_name: z
      .string()
      .min(1)
      .optional()
      .describe("The commit's author name. Default: the repository's user.name (or Arcflow)."),
    author_email: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The commit's author email. Default: the repository's user.email (or arcflow@localhost).",
      ),
  })
  .strict()
  .describe('Stages changes in the workspace repository and commits them.');

export type GitCommitInput = z.output<typeof gitCommitInput>;

export const gitCommitSpec: ActionSpec<typeof gitCommitInput> = {
  name: 'git-commit',
  description:
    'Stages the changes (all, or the given paths) and commits them; no change is no failure.',
  input: gitCommitInput,
  outputs: {
    sha: 'The new commit, or the current HEAD when there was nothing to commit.',
    committed: 'Whether a commit was made.',
  },
};
