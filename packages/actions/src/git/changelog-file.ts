/**
 * Puts a new section into a Markdown changelog: replaces a section with the same heading,
 * or goes above the newest `## ` section, below the title and any introduction.
 */

const TITLE = '# Changelog\n\n';

export function insertSection(
  existing: string | undefined,
  section: string,
  heading: string,
): string {
  if (existing === undefined || existing.trim() === '') return TITLE + section;
  const lines = existing.split('\n');
  const isSection = (line: string) => line.startsWith('## ');
  const same = lines.findIndex((line) => namesHeading(line, heading));
  const block = section.trimEnd().split('\n').concat('');

  if (same !== -1) {
    const after = lines.findIndex((line, i) => i > same && isSection(line));
    const rest = after === -1 ? [] : lines.slice(after);
    const out = [...lines.slice(0, same), ...block, ...rest].join('\n');
    return after === -1 ? `${out.trimEnd()}\n` : out;
  }
  const first = lines.findIndex(isSection);
  if (first !== -1) return [...lines.slice(0, first), ...block, ...lines.slice(first)].join('\n');
  if (lines[0]?.startsWith('# ')) return `${existing.trimEnd()}\n\n${section}`;
  return `${section}\n${existing}`;
}

/** `## 1.2.0`, `## 1.2.0 (2024-01-01)` and `## [1.2.0] - 2024-01-01` all name `1.2.0`. */
function namesHeading(line: string, heading: string): boolean {
  if (!line.startsWith('## ')) return false;
  const text = line.slice(3).trim();
  if (text === heading) return true;
  const name = /^\[([^\]]+)\]/.exec(text)?.[1] ?? text.split(/\s/)[0];
  return name === heading;
}
