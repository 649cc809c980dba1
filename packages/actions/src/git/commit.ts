import { z } from 'zod';
import type { Action } from '../types.ts';
import { identityArgs, plural, resolveCommit, short } from './repo.ts';
import { runGit } from './run-git.ts';

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

export const gitCommitAction: Action<typeof gitCommitInput> = {
  name: 'git-commit',
  description:
    'Stages the changes (all, or the given paths) and commits them; no change is no failure.',
  input: gitCommitInput,
  outputs: {
    sha: 'The new commit, or the current HEAD when there was nothing to commit.',
    committed: 'Whether a commit was made.',
  },
  async run(ctx) {
    const { message, paths, allow_empty, author_name, author_email } = ctx.input;
    const pathspec = paths ? ['--', ...paths] : [];
    await runGit(ctx, ['add', '--all', ...pathspec]);
    const staged = await runGit(ctx, ['diff', '--cached', '--name-only', '-z', ...pathspec], {
      quietStdout: true,
    });
    const files = staged.stdout.split('\0').filter((f) => f !== '');

    if (files.length === 0 && !allow_empty) {
      const head = await resolveCommit(ctx, 'HEAD');
      return { outputs: { sha: head ?? '', committed: false }, summary: 'nothing to commit' };
    }

    const env: Record<string, string> = {};
    if (author_name) env.GIT_AUTHOR_NAME = author_name;
    if (author_email) env.GIT_AUTHOR_EMAIL = author_email;
    const args = [...(await identityArgs(ctx)), 'commit', '--message', message];
    if (allow_empty) args.push('--allow-empty');
    // With paths, commit only those paths even if other changes were staged before.
    if (paths && files.length > 0) args.push(...pathspec);
    await runGit(ctx, args, { env });

    const sha = (await resolveCommit(ctx, 'HEAD'))!;
    const subject = message.split('\n')[0]!;
    const changed = files.length === 0 ? 'empty' : plural(files.length, 'file');
    return {
      outputs: { sha, committed: true },
      summary: `committed ${short(sha)} "${subject}" (${changed})`,
    };
  },
};
