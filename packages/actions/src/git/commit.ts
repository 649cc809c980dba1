import { type GitCommitInput, gitCommitSpec } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { identityArgs, listForSummary, plural, resolveCommit, short } from './repo.ts';
import { type RunChanges, runChanges } from './run-changes.ts';
import { runGit } from './run-git.ts';

/**
 * Commits what the workflow's steps changed (see run-changes.ts for how they are told
 * apart), or the given `paths`; never `.mia/`, never what the user changed before the run
 * or had staged. The summary names what was committed and what was left out, and why.
 */
export const gitCommitAction = defineAction(gitCommitSpec, async (ctx) => {
  const { message, paths, allow_empty } = ctx.input;
  const changes = await runChanges(ctx, ctx.runStartedAt, paths);
  const files = changes.commit;
  const leftOut = leftOutWords(changes);
  for (const words of leftOut) ctx.log('system', `left out ${words.full}`);

  if (files.length === 0 && !allow_empty) {
    const head = await resolveCommit(ctx, 'HEAD');
    const why = leftOut.length === 0 ? '' : ` (left out ${leftOut.map((w) => w.short).join('; ')})`;
    return { outputs: { sha: head ?? '', committed: false }, summary: `nothing to commit${why}` };
  }

  // The repository's top directory, so the paths git gave us mean the same files, read
  // literally (`[id].tsx` is a file name, not a pattern).
  const top = { ...ctx, workspaceDir: changes.top };
  const literal = ['--literal-pathspecs'];
  if (files.length > 0) await runGit(top, [...literal, 'add', '--all', '--', ...files]);
  const args = [...literal, ...(await identityArgs(ctx)), 'commit', '--message', message];
  if (allow_empty) args.push('--allow-empty');
  // `--only`: these files and nothing else, even when the user had staged other changes.
  if (files.length > 0) args.push('--only', '--', ...files);
  await runGit(top, args, { env: authorEnv(ctx.input) });

  const sha = (await resolveCommit(ctx, 'HEAD'))!;
  const subject = message.split('\n')[0]!;
  const changed =
    files.length === 0 ? 'empty' : `${plural(files.length, 'file')}: ${listForSummary(files)}`;
  const rest = leftOut.map((w) => `; left out ${w.short}`).join('');
  return {
    outputs: { sha, committed: true },
    summary: `committed ${short(sha)} "${subject}" (${changed})${rest}`,
  };
});

function authorEnv(input: GitCommitInput): Record<string, string> {
  const env: Record<string, string> = {};
  if (input.author_name) env.GIT_AUTHOR_NAME = input.author_name;
  if (input.author_email) env.GIT_AUTHOR_EMAIL = input.author_email;
  return env;
}

/** "1 file changed before the run started: notes.txt", short for the story, full for the log. */
function leftOutWords(changes: RunChanges): Array<{ short: string; full: string }> {
  const groups: Array<[string[], string]> = [
    [changes.before, 'changed before the run started'],
    [changes.deleted, 'deleted (name it in paths to commit a deletion)'],
    [changes.arcflow, "under .mia/ (Arcflow's own)"],
  ];
  return groups
    .filter(([files]) => files.length > 0)
    .map(([files, why]) => {
      const head = `${plural(files.length, 'file')} ${why}`;
      return { short: `${head}: ${listForSummary(files)}`, full: `${head}: ${files.join(', ')}` };
    });
}
