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
  { key: 'other', title: 'Changes', one: 'other change', many: 'other changes' },
  { key: 'deps', title: 'Dependencies', one: 'dependency update', many: 'dependency updates' },
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
  if (!commit.breaking && dependencyOf(commit) !== undefined) return 'deps';
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

/**
 * The package a dependency bot's commit bumps, or undefined for any other commit:
 * Dependabot's "Bump x from 1 to 2" (or "chore(deps): bump x from 1 to 2"), Renovate's
 * "Update dependency x to v2" (or "fix(deps): update x to v2", "update x monorepo to v2").
 */
export function dependencyOf(commit: ParsedCommit): string | undefined {
  const text = commit.description;
  const group = /^bump the (\S+) group\b/i.exec(text);
  if (group) return `the ${group[1]} group`;
  const bump = /^bump (\S+) from \S+ to \S+/i.exec(text);
  if (bump) return bump[1];
  const dependency = /^(?:update|upgrade) dependency (\S+)/i.exec(text);
  if (dependency) return dependency[1];
  if (!DEPS_SCOPE.test(commit.scope ?? '')) return undefined;
  if (/^all\b/i.test(text.replace(/^(?:update|upgrade|bump) /i, ''))) return 'all dependencies';
  const named = /^(?:bump|update|upgrade) (?:module |dependency )?(\S+)/i.exec(text);
  return named?.[1] ?? text;
}

const DEPS_SCOPE = /^(?:deps|deps-dev|dependencies|dev-deps)$/i;

/** "2 features, 3 fixes, 1 breaking change": the non-empty groups, breaking changes last. */
export function describeGroups(groups: Map<GroupKey, ParsedCommit[]>): string {
  const order = [...GROUPS.slice(1), GROUPS[0]];
  return order
    .map((g) => ({ g, n: groups.get(g.key)?.length ?? 0 }))
    .filter(({ n }) => n > 0)
    .map(({ g, n }) => `${n} ${n === 1 ? g.one : g.many}`)
    .join(', ');
}

export type AutoLevel = 'major' | 'minor' | 'patch';

export interface LevelRecommendation {
  level: AutoLevel;
  /** "minor: 3 features, 2 fixes since v1.4.0" */
  reason: string;
}

/**
 * The release level the commits call for, as standard-version (conventional-recommended-bump)
 * decides it: a breaking change is major, a feature minor, anything else patch. Before 1.0.0
 * (`preMajor`) every level moves down one: a breaking change is minor, a feature patch.
 */
export function recommendLevel(
  commits: readonly ParsedCommit[],
  current: { major: number },
  since: string,
): LevelRecommendation {
  const breaking = commits.filter((c) => c.breaking).length;
  const features = commits.filter((c) => !c.breaking && c.type === 'feat').length;
  const fixes = commits.filter(
    (c) => !c.breaking && (c.type === 'fix' || c.type === 'perf'),
  ).length;
  const others = commits.length - breaking - features - fixes;
  const rank = breaking > 0 ? 0 : features > 0 ? 1 : 2;
  const preMajor = current.major === 0;
  const levels = ['major', 'minor', 'patch'] as const;
  const level = levels[Math.min(2, rank + (preMajor && rank < 2 ? 1 : 0))]!;
  const counts = [
    count(breaking, 'breaking change', 'breaking changes'),
    count(features, 'feature', 'features'),
    count(fixes, 'fix', 'fixes'),
  ].filter((s) => s !== '');
  let why: string;
  if (commits.length === 0) why = `no commits since ${since}`;
  else if (counts.length === 0)
    why = `no features or fixes since ${since}, only ${count(others, 'other commit', 'other commits')}`;
  else why = `${counts.join(', ')} since ${since}`;
  const rule =
    preMajor && rank < 2
      ? ` (before 1.0.0 ${rank === 0 ? 'a breaking change moves the minor' : 'a feature moves the patch'})`
      : '';
  return { level, reason: `${level}: ${why}${rule}` };
}

function count(n: number, one: string, many: string): string {
  if (n === 0) return '';
  return `${n} ${n === 1 ? one : many}`;
}
