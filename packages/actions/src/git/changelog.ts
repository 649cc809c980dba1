import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { ActionContext } from '@arcflow/engine';
import { type ChangelogInput, changelogSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { insertSection } from './changelog-file.ts';
import {
  describeGroups,
  groupCommits,
  LOG_FORMAT,
  parseCommit,
  parseGitLog,
  renderSection,
} from './conventional-commits.ts';
import { plural, requireHead, resolveCommit, short } from './repo.ts';
import { firstLine, runGit } from './run-git.ts';

export const changelogAction = defineAction(changelogSpec, async (ctx) => {
  const { file, version, write } = ctx.input;
  await requireHead(ctx);
  const start = await startingPoint(ctx);
  const range = start.inclusive ? ['HEAD'] : [`${start.sha}..HEAD`];
  const log = await runGit(ctx, ['log', '--no-merges', `--format=${LOG_FORMAT}`, ...range, '--'], {
    quietStdout: true,
  });
  const commits = parseGitLog(log.stdout).map(parseCommit);
  const groups = groupCommits(commits);
  const markdown = renderSection(version, groups);
  const breaking = commits.some((c) => c.breaking);

  const path = resolve(ctx.workspaceDir, file);
  const name = relative(ctx.workspaceDir, path);
  let written = false;
  if (write && commits.length > 0) {
    const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new StepFailure(
        { reason: 'error', message: `cannot read ${name}: ${error.message}`, retriable: false },
        { cause: error },
      );
    });
    await writeFile(path, insertSection(existing, markdown, version));
    written = true;
  }

  const counts = describeGroups(groups);
  const story =
    commits.length === 0
      ? `no commits since ${start.label}${write ? `; ${name} left as it was` : ''}`
      : `${plural(commits.length, 'commit')} since ${start.label}: ${counts}${written ? ` (written to ${name})` : ''}`;
  return {
    outputs: { markdown, commits: commits.length, breaking, since: start.name },
    summary: story,
  };
});

interface Start {
  /** What to report as `since`. */
  name: string;
  sha: string;
  label: string;
  /** The root commit is part of the range (no tag to start after). */
  inclusive: boolean;
}

async function startingPoint(ctx: ActionContext<ChangelogInput>): Promise<Start> {
  const { since } = ctx.input;
  if (since !== undefined) {
    const sha = await resolveCommit(ctx, since);
    if (sha === undefined) {
      throw new StepFailure({
        reason: 'error',
        message: `cannot read the changelog since ${since}: no such tag or commit`,
        summary: `cannot write a changelog since ${since}: no such tag or commit`,
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
