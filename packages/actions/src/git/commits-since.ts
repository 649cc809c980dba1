import type { ActionContext } from '@arcflow/engine';
import { StepFailure } from '@arcflow/engine';
import { LOG_FORMAT, type ParsedCommit, parseCommit, parseGitLog } from './conventional-commits.ts';
import { requireHead, resolveCommit, short } from './repo.ts';
import { firstLine, runGit } from './run-git.ts';

type GitContext = Pick<ActionContext<unknown>, 'workspaceDir' | 'env' | 'signal' | 'log'>;

export interface Start {
  /** What to report as `since`. */
  name: string;
  sha: string;
  label: string;
  /** The root commit is part of the range (no tag to start after). */
  inclusive: boolean;
}

/** The commits after `since` (default: the latest tag, else from the root), merges left out. */
export async function commitsSince(
  ctx: GitContext,
  since: string | undefined,
  purpose: string,
): Promise<{ start: Start; commits: ParsedCommit[] }> {
  await requireHead(ctx);
  const start = await startingPoint(ctx, since, purpose);
  const range = start.inclusive ? ['HEAD'] : [`${start.sha}..HEAD`];
  const log = await runGit(ctx, ['log', '--no-merges', `--format=${LOG_FORMAT}`, ...range, '--'], {
    quietStdout: true,
  });
  return { start, commits: parseGitLog(log.stdout).map(parseCommit) };
}

async function startingPoint(
  ctx: GitContext,
  since: string | undefined,
  purpose: string,
): Promise<Start> {
  if (since !== undefined) {
    const sha = await resolveCommit(ctx, since);
    if (sha === undefined) {
      throw new StepFailure({
        reason: 'error',
        message: `cannot ${purpose} since ${since}: no such tag or commit`,
        summary: `cannot ${purpose} since ${since}: no such tag or commit`,
        retriable: false,
      });
    }
    return { name: since, sha, label: since, inclusive: false };
  }
  const described = await runGit(ctx, ['describe', '--tags', '--abbrev=0', 'HEAD'], {
    okCodes: [128],
    quietStdout: true,
  });
  const tag = firstLine(described.stdout);
  if (described.code === 0 && tag !== '') {
    return { name: tag, sha: (await resolveCommit(ctx, tag))!, label: tag, inclusive: false };
  }
  const roots = await runGit(ctx, ['rev-list', '--max-parents=0', 'HEAD'], { quietStdout: true });
  const root = roots.stdout.trim().split('\n').at(-1) ?? '';
  return { name: root, sha: root, label: `the first commit (${short(root)})`, inclusive: true };
}
