import type { ActionContext } from '@arcflow/engine';
import { StepFailure } from '@arcflow/engine';
import { branchExists, currentBranch, listForSummary } from './repo.ts';
import { firstLine, runGit } from './run-git.ts';

/**
 * The repository's default branch, for a `target` or `from` left empty. Projects name it
 * `main`, `master`, `develop`, `trunk`…; guessing `main` fails on half of them.
 *
 * 1. The remote's HEAD (`origin/HEAD`, set by `git clone`): what the project itself calls
 *    its default branch.
 * 2. Else the branch checked out, unless it is the one the action works on (the source of
 *    a merge, the branch being created): someone running a workflow from `develop` means
 *    `develop`.
 * 3. Else `init.defaultBranch`, `main` or `master`, the first that exists.
 */

type GitContext = Pick<ActionContext<unknown>, 'workspaceDir' | 'env' | 'signal' | 'log'>;

export interface DefaultBranch {
  name: string;
  /** How it was found, for the log: "origin/HEAD", "the branch checked out", … */
  why: string;
}

export async function defaultBranch(
  ctx: GitContext,
  options: {
    /** The branch the action works on: never its own default. */
    not?: string;
    /** What the branch is for, in words: "merge into", "start deps/update from". */
    purpose: string;
    /** The step input that names it: `target`, `from`. */
    input: string;
  },
): Promise<DefaultBranch> {
  const remote = await remoteHead(ctx);
  if (remote) return remote;
  const current = await currentBranch(ctx);
  if (current !== undefined && current !== options.not) {
    return { name: current, why: 'the branch checked out (no remote HEAD)' };
  }
  const configured = await runGit(ctx, ['config', '--get', 'init.defaultBranch'], {
    okCodes: [1],
    quietStdout: true,
  });
  const named = firstLine(configured.stdout);
  for (const name of [named, 'main', 'master']) {
    if (name !== '' && name !== options.not && (await branchExists(ctx, name))) {
      return { name, why: name === named ? 'init.defaultBranch' : `the branch named ${name}` };
    }
  }
  const branches = await localBranches(ctx);
  throw new StepFailure({
    reason: 'error',
    message: `cannot tell the repository's default branch to ${options.purpose}`,
    summary: `cannot tell the repository's default branch to ${options.purpose}: there is no remote HEAD (origin/HEAD) and no main or master branch; name it (the workflow's target input, or the step's ${options.input}): ${listForSummary(branches, 10)}`,
    retriable: false,
    details: { branches },
  });
}

/** The branch `refs/remotes/<remote>/HEAD` points at, `origin` first. */
async function remoteHead(ctx: GitContext): Promise<DefaultBranch | undefined> {
  const remotes = (await runGit(ctx, ['remote'], { quietStdout: true })).stdout
    .split('\n')
    .filter((r) => r !== '');
  remotes.sort((a, b) => Number(b === 'origin') - Number(a === 'origin'));
  for (const remote of remotes) {
    const head = await runGit(ctx, ['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`], {
      okCodes: [1, 128],
      quietStdout: true,
    });
    const ref = firstLine(head.stdout);
    const prefix = `refs/remotes/${remote}/`;
    if (head.code === 0 && ref.startsWith(prefix)) {
      return { name: ref.slice(prefix.length), why: `${remote}/HEAD` };
    }
  }
  return undefined;
}

/** The local branches, by name. */
export async function localBranches(ctx: GitContext): Promise<string[]> {
  const result = await runGit(
    ctx,
    ['for-each-ref', '--format=%(refname:short)', '--sort=refname', 'refs/heads/'],
    { quietStdout: true },
  );
  return result.stdout.split('\n').filter((b) => b !== '');
}

/** "target branch main does not exist; the branches are: develop, feature/x". */
export async function missingBranch(
  ctx: GitContext,
  role: string,
  name: string,
): Promise<StepFailure> {
  const branches = await localBranches(ctx);
  const remote = await runGit(
    ctx,
    ['for-each-ref', '--format=%(refname:short)', `refs/remotes/*/${name}`],
    { quietStdout: true },
  );
  const tracking = firstLine(remote.stdout);
  const hint =
    tracking !== ''
      ? ` (${tracking} exists: \`git switch ${name}\` makes it a local branch)`
      : branches.length > 0
        ? `; the branches are: ${listForSummary(branches, 10)}`
        : '';
  return new StepFailure({
    reason: 'error',
    message: `${role} branch ${name} does not exist`,
    summary: `${role} branch ${name} does not exist${hint}`,
    retriable: false,
    details: { [role]: name, branches },
  });
}
