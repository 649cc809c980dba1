/**
 * A Markdown changelog in its own style: which of the three common shapes it has (Keep a
 * Changelog, conventional-changelog, plain headings), at which heading level, with or
 * without dates, `v` prefixes and compare links; a new section rendered in that style and
 * put at the top, below the title and any introduction (and below `[Unreleased]`).
 */
import { dependencyOf, GROUPS, type GroupKey, type ParsedCommit } from './conventional-commits.ts';
import { listForSummary } from './repo.ts';

export type ChangelogKind = 'keep-a-changelog' | 'conventional' | 'plain';

export interface ChangelogStyle {
  kind: ChangelogKind;
  /** How many `#` a release heading has. */
  level: number;
  /** Headings say `v1.2.0` rather than `1.2.0`. */
  vPrefix: boolean;
  /** What surrounds the date after the version (` - ` … ``, ` (` … `)`); none when undated. */
  date?: { before: string; after: string };
  bullet: '-' | '*';
  /** Where compare links point: `https://github.com/o/r`, the newest release's tag, the tag prefix. */
  links?: { repo: string; previousTag: string; tagPrefix: string };
}

export interface Release {
  /** `1.2.0`, `v1.2.0`, `Unreleased`… */
  version: string;
  /** YYYY-MM-DD, written when the style has dates. */
  date: string;
}

interface Heading {
  line: number;
  level: number;
  kind: ChangelogKind;
  /** The version without brackets or `v`, or `Unreleased`. */
  name: string;
  vPrefix: boolean;
  url?: string;
  rest: string;
}

const VERSION_NAME = /^\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?$/;
const LINK_REF = /^\[([^\]]+)\]:\s*(\S+)\s*$/;
const DATE = /^(\s*(?:[-–—/]\s*|\())(\d{4}-\d{2}-\d{2})(\)?)/;

function parseHeading(text: string, line: number): Heading | undefined {
  const match = /^(#{1,6})\s+(.*?)\s*$/.exec(text);
  if (!match) return undefined;
  const level = match[1]!.length;
  const body = match[2]!;
  const linked = /^\[(v?)([^\]]+)\]\(([^)]*)\)(.*)$/.exec(body);
  const bracketed = /^\[(v?)([^\]]+)\](?!\()(.*)$/.exec(body);
  const plain = /^(v?)(\S+)(.*)$/.exec(body);
  let heading: Omit<Heading, 'line' | 'level'> | undefined;
  if (linked) {
    heading = {
      kind: 'conventional',
      vPrefix: linked[1] === 'v',
      name: linked[2]!,
      url: linked[3]!,
      rest: linked[4]!,
    };
  } else if (bracketed) {
    heading = {
      kind: 'keep-a-changelog',
      vPrefix: bracketed[1] === 'v',
      name: bracketed[2]!,
      rest: bracketed[3]!,
    };
  } else if (plain) {
    heading = { kind: 'plain', vPrefix: plain[1] === 'v', name: plain[2]!, rest: plain[3]! };
  }
  if (!heading) return undefined;
  const unreleased = /^unreleased$/i.test(heading.name);
  if (!unreleased && !VERSION_NAME.test(heading.name)) return undefined;
  return { ...heading, line, level };
}

function releaseHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fenced = false;
  lines.forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) return;
    const heading = parseHeading(text, i);
    if (heading) headings.push(heading);
  });
  return headings;
}

/** The style of an existing changelog; a new or empty file gets plain `## v1.2.0 (date)`. */
export function detectStyle(existing: string | undefined, version: string): ChangelogStyle {
  const lines = (existing ?? '').split('\n');
  const headings = releaseHeadings(lines);
  const versions = headings.filter((h) => !/^unreleased$/i.test(h.name));
  const bullet = /^\s*\*\s/m.test(existing ?? '') && !/^\s*-\s/m.test(existing ?? '') ? '*' : '-';
  if (headings.length === 0) {
    return { kind: 'plain', level: 2, vPrefix: /^v/.test(version), date: DEFAULT_DATE, bullet };
  }
  const newest = versions[0] ?? headings[0]!;
  const kind = versions.some((h) => h.kind === 'conventional') ? 'conventional' : newest.kind;
  const dated = versions.map((h) => DATE.exec(h.rest)).find((m) => m !== null);
  const style: ChangelogStyle = {
    kind,
    level: commonLevel(versions.length > 0 ? versions : headings),
    vPrefix: newest.vPrefix,
    bullet,
  };
  if (dated) style.date = { before: dated[1]!, after: dated[3]! };
  const url = kind === 'conventional' ? newest.url : refUrl(lines, newest.name);
  const links = url === undefined ? undefined : compareLink(url, newest.name);
  if (links) style.links = links;
  return style;
}

const DEFAULT_DATE = { before: ' (', after: ')' };

/** The most common level among release headings (standard-version writes patches one deeper). */
function commonLevel(headings: readonly Heading[]): number {
  const counts = new Map<number, number>();
  for (const h of headings) counts.set(h.level, (counts.get(h.level) ?? 0) + 1);
  let best = headings[0]!.level;
  for (const [level, n] of counts) {
    const bestCount = counts.get(best) ?? 0;
    if (n > bestCount || (n === bestCount && level < best)) best = level;
  }
  return best;
}

function refUrl(lines: readonly string[], name: string): string | undefined {
  for (const line of lines) {
    const ref = LINK_REF.exec(line);
    if (ref && ref[1]!.replace(/^v/, '').toLowerCase() === name.toLowerCase()) return ref[2];
  }
  return undefined;
}

/** `https://github.com/o/r/compare/v1.0.0...v1.1.0` or `…/releases/tag/v1.0.0` for release `1.1.0`. */
function compareLink(url: string, name: string): ChangelogStyle['links'] {
  const match = /^(\S+?)\/(?:compare\/\S+?\.{2,3}|releases\/tag\/|tree\/)(\S+)$/.exec(url);
  if (!match) return undefined;
  const tag = match[2]!;
  if (!tag.endsWith(name)) return undefined;
  return { repo: match[1]!, previousTag: tag, tagPrefix: tag.slice(0, tag.length - name.length) };
}

interface SectionPlan {
  title: string;
  keys: GroupKey[];
}

function sectionsFor(kind: ChangelogKind): SectionPlan[] {
  switch (kind) {
    case 'keep-a-changelog':
      return [
        { title: 'Added', keys: ['feat'] },
        { title: 'Changed', keys: ['breaking', 'perf', 'refactor', 'docs', 'other', 'deps'] },
        { title: 'Fixed', keys: ['fix'] },
      ];
    case 'conventional':
      return [
        { title: '⚠ BREAKING CHANGES', keys: ['breaking'] },
        { title: 'Features', keys: ['feat'] },
        { title: 'Bug Fixes', keys: ['fix'] },
        { title: 'Performance Improvements', keys: ['perf'] },
        { title: 'Code Refactoring', keys: ['refactor'] },
        { title: 'Documentation', keys: ['docs'] },
        { title: 'Changes', keys: ['other'] },
        { title: 'Dependencies', keys: ['deps'] },
      ];
    case 'plain':
      return GROUPS.map((g) => ({ title: g.title, keys: [g.key] }));
    default: {
      const unknown: never = kind;
      throw new Error(`unknown changelog kind ${String(unknown)}`);
    }
  }
}

/** The version as the file writes it (`v` or not), and whether it is a version at all. */
function nameOf(version: string, style: ChangelogStyle): { name: string; bare?: string } {
  const bare = version.replace(/^v/, '');
  if (!VERSION_NAME.test(bare)) return { name: version };
  return { name: style.vPrefix ? `v${bare}` : bare, bare };
}

export function renderHeading(release: Release, style: ChangelogStyle): string {
  const { name, bare } = nameOf(release.version, style);
  const hashes = '#'.repeat(style.level);
  const date =
    bare !== undefined && style.date
      ? `${style.date.before}${release.date}${style.date.after}`
      : '';
  switch (style.kind) {
    case 'keep-a-changelog':
      return `${hashes} [${name}]${date}`;
    case 'conventional': {
      const links = style.links;
      if (bare === undefined || !links) return `${hashes} ${name}${date}`;
      const url = `${links.repo}/compare/${links.previousTag}...${links.tagPrefix}${bare}`;
      return `${hashes} [${name}](${url})${date}`;
    }
    case 'plain':
      return `${hashes} ${name}${date}`;
    default: {
      const unknown: never = style.kind;
      throw new Error(`unknown changelog kind ${String(unknown)}`);
    }
  }
}

/** The new section: its heading, then one list per non-empty group, in the file's words. */
export function renderSection(
  release: Release,
  groups: Map<GroupKey, ParsedCommit[]>,
  style: ChangelogStyle,
): string {
  const parts = [renderHeading(release, style)];
  const sub = '#'.repeat(Math.min(6, style.level + 1));
  for (const plan of sectionsFor(style.kind)) {
    const lines = plan.keys.flatMap((key) => renderGroup(key, groups.get(key) ?? [], style));
    if (lines.length > 0) parts.push(`${sub} ${plan.title}`, lines.join('\n'));
  }
  if (parts.length === 1) parts.push('No changes.');
  return `${parts.join('\n\n')}\n`;
}

function renderGroup(key: GroupKey, commits: ParsedCommit[], style: ChangelogStyle): string[] {
  if (commits.length === 0) return [];
  if (key === 'deps' && commits.length > 1) {
    const names = [...new Set(commits.map((c) => dependencyOf(c) ?? c.description))];
    return [`${style.bullet} ${commits.length} dependency updates (${listForSummary(names)})`];
  }
  const breakingLabel = style.kind === 'keep-a-changelog' && key === 'breaking';
  return commits.map((c) => renderEntry(c, style, key === 'breaking', breakingLabel));
}

function renderEntry(
  commit: ParsedCommit,
  style: ChangelogStyle,
  useNote: boolean,
  label: boolean,
): string {
  const scope = commit.scope ? `**${commit.scope}:** ` : '';
  const text = (useNote ? commit.breakingNote : undefined) ?? commit.description;
  const short = commit.sha.slice(0, 7);
  const ref =
    style.kind === 'conventional' && style.links
      ? `[${short}](${style.links.repo}/commit/${commit.sha})`
      : short;
  return `${style.bullet} ${label ? '**Breaking:** ' : ''}${scope}${text} (${ref})`;
}

const TITLE = '# Changelog\n\n';

/**
 * Puts `section` into the changelog: in place of a section for the same version, else above
 * the newest release (below the title, the introduction and an `[Unreleased]` section); a
 * Keep a Changelog file also gets the version's compare link at the bottom.
 */
export function insertSection(
  existing: string | undefined,
  section: string,
  release: Release,
  style: ChangelogStyle,
): string {
  if (existing === undefined || existing.trim() === '') return TITLE + section;
  const lines = existing.split('\n');
  const headings = releaseHeadings(lines);
  const { bare } = nameOf(release.version, style);
  const key = (bare ?? release.version).toLowerCase();
  const block = section.trimEnd().split('\n').concat('');
  const refsStart = linkRefsStart(lines);
  const endOf = (index: number) => {
    const next = headings[index + 1];
    return next ? next.line : refsStart;
  };

  let out: string[];
  const same = headings.findIndex((h) => h.name.toLowerCase() === key);
  if (same !== -1) {
    const end = endOf(same);
    const tail = lines.slice(end);
    out = [...lines.slice(0, headings[same]!.line), ...block, ...tail];
  } else {
    const first = headings.findIndex(
      (h) => !(/^unreleased$/i.test(h.name) && key !== 'unreleased'),
    );
    let at: number;
    if (first !== -1) at = headings[first]!.line;
    else if (headings.length > 0) at = endOf(headings.length - 1);
    else at = firstSubheading(lines) ?? refsStart;
    const before = lines.slice(0, at);
    while (before.length > 0 && before.at(-1)!.trim() === '') before.pop();
    const gap = before.length > 0 ? [''] : [];
    const after = lines.slice(at);
    out = [...before, ...gap, ...block, ...after];
  }
  if (style.kind === 'keep-a-changelog' && bare !== undefined) out = addLinkRef(out, bare, style);
  const text = out.join('\n');
  return `${text.replace(/\n+$/, '')}\n`;
}

/** Where the block of `[name]: url` lines at the bottom starts (the file's end if none). */
function linkRefsStart(lines: readonly string[]): number {
  let start = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (!LINK_REF.test(line)) break;
    start = i;
  }
  return start;
}

/** The first `##`-or-deeper heading after the title: where an introduction ends. */
function firstSubheading(lines: readonly string[]): number | undefined {
  const index = lines.findIndex((line, i) => i > 0 && /^#{2,6}\s/.test(line));
  return index === -1 ? undefined : index;
}

/** Adds `[1.2.0]: …/compare/v1.1.0...v1.2.0` and moves `[Unreleased]` to compare from it. */
function addLinkRef(lines: string[], bare: string, style: ChangelogStyle): string[] {
  const links = style.links;
  if (!links) return lines;
  const tag = `${links.tagPrefix}${bare}`;
  const name = style.vPrefix ? `v${bare}` : bare;
  const ref = `[${name}]: ${links.repo}/compare/${links.previousTag}...${tag}`;
  if (lines.some((line) => LINK_REF.exec(line)?.[1]?.toLowerCase() === name.toLowerCase())) {
    return lines;
  }
  const out = lines.map((line) => {
    const match = LINK_REF.exec(line);
    if (!match || !/^unreleased$/i.test(match[1]!)) return line;
    return `[${match[1]}]: ${links.repo}/compare/${tag}...HEAD`;
  });
  const start = linkRefsStart(out);
  const firstVersion = out.findIndex(
    (line, i) => i >= start && LINK_REF.test(line) && !/^\[unreleased\]/i.test(line),
  );
  if (firstVersion === -1) return [...out, ref];
  return [...out.slice(0, firstVersion), ref, ...out.slice(firstVersion)];
}
