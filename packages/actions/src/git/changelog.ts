import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { changelogSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { detectStyle, insertSection, renderSection } from './changelog-file.ts';
import { commitsSince } from './commits-since.ts';
import { describeGroups, groupCommits } from './conventional-commits.ts';
import { plural } from './repo.ts';

export const changelogAction = defineAction(changelogSpec, async (ctx) => {
  const { file, version, write, date = today() } = ctx.input;
  const { start, commits } = await commitsSince(ctx, ctx.input.since, 'write a changelog');
  const groups = groupCommits(commits);
  const breaking = commits.some((c) => c.breaking);

  const path = resolve(ctx.workspaceDir, file);
  const name = relative(ctx.workspaceDir, path);
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new StepFailure(
      { reason: 'error', message: `cannot read ${name}: ${error.message}`, retriable: false },
      { cause: error },
    );
  });
  const style = detectStyle(existing, version);
  const release = { version, date };
  const markdown = renderSection(release, groups, style);
  let written = false;
  if (write && commits.length > 0) {
    await writeFile(path, insertSection(existing, markdown, release, style));
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

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
