import { execFileSync } from 'node:child_process';
import type { GitHookBody } from './generic.ts';
import type { GitHookName } from './hook-script.ts';

/**
 * The pushes a git hook reports, read from the repository: for `post-commit` the new commit
 * on its branch, for `post-merge` what the merge brought (since `ORIG_HEAD`), for `pre-push`
 * each ref being pushed (git gives them on stdin). Commands run with fixed arguments; the
 * only values passed to git are object ids git itself gave.
 */

/** Git's empty tree: what the first commit is compared with. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const ZERO = /^0+$/;
const MAX_COMMITS = 100;

export interface GitPush {
  body: GitHookBody;
  /** The delivery id: `git-<sha>-<hook>` (pre-push: and the ref). */
  deliveryId: string;
}

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}

const commitOf = (dir: string, rev: string): string | undefined =>
  git(dir, ['rev-parse', '-q', '--verify', `${rev}^{commit}`])?.trim() || undefined;

export function pushesOfHook(dir: string, hook: GitHookName, stdin: string): GitPush[] {
  if (hook === 'pre-push') {
    const pushes = stdin
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length === 4)
      .flatMap(([, localSha, remoteRef, remoteSha]) => {
        // A deletion (local sha all zeros) starts nothing.
        if (!localSha || !remoteRef || ZERO.test(localSha) || !commitOf(dir, localSha)) return [];
        const before = remoteSha && !ZERO.test(remoteSha) ? commitOf(dir, remoteSha) : undefined;
        return [push(dir, hook, remoteRef, localSha, before ?? parentOrEmpty(dir, localSha))];
      });
    if (pushes.length > 0 || stdin.trim() !== '') return pushes;
    // The refs were read by another part of the hook: the current branch against its upstream.
    const current = currentBranch(dir);
    const head = commitOf(dir, 'HEAD');
    if (!current || !head) return [];
    const upstream = commitOf(dir, '@{push}') ?? commitOf(dir, '@{upstream}');
    return [push(dir, hook, `refs/heads/${current}`, head, upstream ?? parentOrEmpty(dir, head))];
  }
  const branch = currentBranch(dir);
  const head = commitOf(dir, 'HEAD');
  if (!branch || !head) return [];
  const before =
    hook === 'post-merge'
      ? (commitOf(dir, 'ORIG_HEAD') ?? parentOrEmpty(dir, head))
      : parentOrEmpty(dir, head);
  return [push(dir, hook, `refs/heads/${branch}`, head, before)];
}

/** The branch checked out; undefined on a detached HEAD. */
export function currentBranch(dir: string): string | undefined {
  return git(dir, ['symbolic-ref', '--short', '-q', 'HEAD'])?.trim() || undefined;
}

function parentOrEmpty(dir: string, sha: string): string {
  return commitOf(dir, `${sha}~1`) ?? EMPTY_TREE;
}

function push(dir: string, hook: GitHookName, ref: string, sha: string, before: string): GitPush {
  const range = before === EMPTY_TREE ? [sha] : [`${before}..${sha}`];
  const log =
    git(dir, [
      'log',
      `--max-count=${MAX_COMMITS}`,
      '--format=%H%x1f%an%x1f%s%x1e',
      ...range,
      '--',
    ]) ?? '';
  const commits = log
    .split('\x1e')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [commitSha = '', author = '', message = ''] = entry.split('\x1f');
      return { sha: commitSha, message, ...(author ? { author } : {}) };
    });
  const diff = git(dir, ['diff', '--name-only', '-z', '--no-renames', before, sha, '--']);
  const author =
    git(dir, ['config', 'user.name'])?.trim() ||
    git(dir, ['log', '-1', '--format=%an', sha])?.trim() ||
    undefined;
  const name = ref.replace(/^refs\/(heads|tags)\//, '');
  return {
    deliveryId: `git-${sha}-${hook}${hook === 'pre-push' ? `-${name}` : ''}`,
    body: {
      ref,
      sha,
      before,
      ...(author ? { author } : {}),
      commits,
      ...(diff !== undefined ? { changedFiles: diff.split('\0').filter(Boolean) } : {}),
      hook,
    },
  };
}
