/**
 * Conventional Commits (`feat(scope)!: subject`, `BREAKING CHANGE:` footers) parsed from
 * `git log` and told as a Markdown changelog section.
 */

export interface RawCommit {
  sha: string;
  subject: string;
  body: string;
}

export interface ParsedCommit {
  sha: string;
  /** Lower-cased type (`feat`, `fix`…), or undefined for a commit that does not follow the convention. */
  type?: string;
  scope?: string;
  description: string;
  breaking: boolean;
  /** What the `BREAKING CHANGE:` footer says, when there is one. */
  breakingNote?: string;
}

export const GROUPS = [
  { key: 'breaking', title: 'Breaking changes', one: 'breaking change', many: 'breaking changes' },
  { key: 'feat', title: 'Features', one: 'feature', many: 'features' },
  { key: 'fix', title: 'Fixes', one: 'fix', many: 'fixes' },
  { key: 'perf', title: 'Performance', one: 'performance change', many: 'performance changes' },
  { key: 'refactor', title: 'Refactoring', one: 'refactor', many: 'refactors' },
  { key: 'docs', title: 'Documentation', one: 'docs change', many: 'docs changes' },
  { key: 'other', title: 'Other', one: 'other change', many: 'other changes' },
] as const;
export type GroupKey = (typeof GROUPS)[number]['key'];

/** Separators for `git log --format`: ASCII unit and record separators never appear in messages. */
export const LOG_FORMAT = '%H%x1f%s%x1f%b%x1e';
const FIELD = '\x1f';
const RECORD = '\x1e';

export function parseGitLog(output: string): RawCommit[] {
  return output
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [sha = '', subject = '', body = ''] = record.split(FIELD);
      return { sha: sha.trim(), subject: subject.trim(), body: body.trim() };
    });
}

const HEADER =
  /^(?<type>[a-zA-Z]+)(?:\((?<scope>[^()\r\n]*)\))?(?<bang>!)?:\s+(?<description>\S.*)$/;
const BREAKING_FOOTER = /(?:^|\n)BREAKING[ -]CHANGE:[ \t]*(?<note>[\s\S]*?)(?:\n[ \t]*\n|$)/;

export function parseCommit(commit: RawCommit): ParsedCommit {
  const footer = BREAKING_FOOTER.exec(commit.body)?.groups?.note?.replace(/\s+/g, ' ').trim();
  const header = HEADER.exec(commit.subject)?.groups;
  const breaking = footer !== undefined || header?.bang === '!';
  const parsed: ParsedCommit = {
    sha: commit.sha,
    description: header?.description?.trim() ?? commit.subject,
    breaking,
  };
  if (header?.type) parsed.type = header.type.toLowerCase();
  if (header?.scope?.trim()) parsed.scope = header.scope.trim();
  if (footer) parsed.breakingNote = footer;
  return parsed;
}

/** Commits by group, in changelog order; a breaking commit shows in "Breaking changes" and its own group. */
export function groupCommits(commits: readonly ParsedCommit[]): Map<GroupKey, ParsedCommit[]> {
  const groups = new Map<GroupKey, ParsedCommit[]>(GROUPS.map((g) => [g.key, []]));
  for (const commit of commits) {
    if (commit.breaking) groups.get('breaking')!.push(commit);
    groups.get(groupOf(commit))!.push(commit);
  }
  return groups;
}

function groupOf(commit: ParsedCommit): GroupKey {
  switch (commit.type) {
    case 'feat':
    case 'fix':
    case 'perf':
    case 'refactor':
    case 'docs':
      return commit.type;
    default:
      return 'other';
  }
}

/** A Markdown section: `## <heading>` then one `###` list per non-empty group. */
export function renderSection(heading: string, groups: Map<GroupKey, ParsedCommit[]>): string {
  const parts = [`## ${heading}`];
  for (const group of GROUPS) {
    const commits = groups.get(group.key) ?? [];
    if (commits.length === 0) continue;
    const useNote = group.key === 'breaking';
    const lines = commits.map((c) => renderEntry(c, useNote));
    parts.push(`### ${group.title}`, lines.join('\n'));
  }
  if (parts.length === 1) parts.push('No changes.');
  return `${parts.join('\n\n')}\n`;
}

function renderEntry(commit: ParsedCommit, useNote: boolean): string {
  const scope = commit.scope ? `**${commit.scope}:** ` : '';
  const text = (useNote ? commit.breakingNote : undefined) ?? commit.description;
  return `- ${scope}${text} (${commit.sha.slice(0, 7)})`;
}

/** "2 features, 3 fixes, 1 breaking change": the non-empty groups, breaking changes last. */
export function describeGroups(groups: Map<GroupKey, ParsedCommit[]>): string {
  const order = [...GROUPS.slice(1), GROUPS[0]];
  return order
    .map((g) => ({ g, n: groups.get(g.key)?.length ?? 0 }))
    .filter(({ n }) => n > 0)
    .map(({ g, n }) => `${n} ${n === 1 ? g.one : g.many}`)
    .join(', ');
}
