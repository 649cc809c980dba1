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
        "Commit the changes under these paths (files or directories, relative to the workspace), whenever they were made. Default: the changes the run's steps made (files modified since the run started); files the user changed before the run are left out and named in the summary. Anything under `.mia/` is always left out.",
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
  .describe(
    "Commits the changes the run made (or the given paths) in the workspace repository; never `.mia/`, never the user's earlier work.",
  );

export type GitCommitInput = z.output<typeof gitCommitInput>;

export const gitCommitSpec: ActionSpec<typeof gitCommitInput> = {
  name: 'git-commit',
  description:
    "Commits what the run's steps changed (or the given paths), leaving out files changed before the run started and anything under `.mia/`, and says which it left out; no change is no failure.",
  input: gitCommitInput,
  irreversible: 'commits',
  outputs: {
    sha: 'The new commit, or the current HEAD when there was nothing to commit.',
    committed: 'Whether a commit was made.',
  },
};
