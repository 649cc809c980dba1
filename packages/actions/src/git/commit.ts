import { gitCommitSpec } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { identityArgs, plural, resolveCommit, short } from './repo.ts';
import { runGit } from './run-git.ts';

export const gitCommitAction = defineAction(gitCommitSpec, async (ctx) => {
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
});
