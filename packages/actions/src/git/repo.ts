import type { ActionContext } from '@arcflow/engine';
import { StepFailure } from '@arcflow/engine';
import { firstLine, runGit } from './run-git.ts';

/** Small questions the git actions ask the workspace repository. */

type GitContext = Pick<ActionContext<unknown>, 'workspaceDir' | 'env' | 'signal' | 'log'>;

/** Who commits when the repository names nobody: commits must never fail for that. */
export const FALLBACK_IDENTITY = { name: 'Arcflow', email: 'arcflow@localhost' } as const;

/** The commit a ref names, or undefined when there is none. */
export async function resolveCommit(ctx: GitContext, ref: string): Promise<string | undefined> {
  const result = await runGit(ctx, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    okCodes: [1],
    quietStdout: true,
  });
  return result.code === 0 ? firstLine(result.stdout) : undefined;
}

/** The checked-out branch, or undefined on a detached HEAD. */
export async function currentBranch(ctx: GitContext): Promise<string | undefined> {
  const result = await runGit(ctx, ['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    okCodes: [1],
    quietStdout: true,
  });
  return result.code === 0 ? firstLine(result.stdout) : undefined;
}

export async function branchExists(ctx: GitContext, name: string): Promise<boolean> {
  return (await resolveCommit(ctx, `refs/heads/${name}`)) !== undefined;
}

/** True when `ancestor` is reachable from `descendant`. */
export async function isAncestor(
  ctx: GitContext,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  const result = await runGit(ctx, ['merge-base', '--is-ancestor', ancestor, descendant], {
    okCodes: [1],
    quietStdout: true,
  });
  return result.code === 0;
}

/** Changed tracked files (`git status --porcelain`, untracked files left out), as porcelain lines. */
export async function trackedChanges(ctx: GitContext): Promise<string[]> {
  const result = await runGit(ctx, ['status', '--porcelain', '--untracked-files=no'], {
    quietStdout: true,
  });
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** `-c user.name=… -c user.email=…` for whatever identity the repository lacks. */
export async function identityArgs(ctx: GitContext): Promise<string[]> {
  const args: string[] = [];
  for (const key of ['name', 'email'] as const) {
    const envKey = key === 'name' ? 'GIT_COMMITTER_NAME' : 'GIT_COMMITTER_EMAIL';
    if (ctx.env[envKey]) continue;
    const result = await runGit(ctx, ['config', '--get', `user.${key}`], {
      okCodes: [1],
      quietStdout: true,
    });
    if (result.code === 0 && firstLine(result.stdout) !== '') continue;
    args.push('-c', `user.${key}=${FALLBACK_IDENTITY[key]}`);
  }
  return args;
}

/** The repository must have at least one commit. */
export async function requireHead(ctx: GitContext): Promise<string> {
  const head = await resolveCommit(ctx, 'HEAD');
  if (head !== undefined) return head;
  throw new StepFailure({
    reason: 'error',
    message: `the repository in ${ctx.workspaceDir} has no commits yet`,
    summary: 'the repository has no commits yet (make a first commit)',
    retriable: false,
  });
}

export function short(sha: string): string {
  return sha.slice(0, 7);
}

/** "a, b and 3 more": a list for a one-line summary. */
export function listForSummary(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
