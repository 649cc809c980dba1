import { describe, expect, it } from 'vitest';
import { detectStyle, insertSection } from './changelog-file.ts';

const release = { version: '1.1.0', date: '2026-01-01' };
const section = '## 1.1.0\n\n### Fixes\n\n- b (2222222)\n';
const insert = (existing: string | undefined) =>
  insertSection(existing, section, release, detectStyle(existing, release.version));

describe('insertSection', () => {
  it('creates the file with a title', () => {
    expect(insert(undefined)).toBe(`# Changelog\n\n${section}`);
  });

  it('goes above the newest section, below the title and introduction', () => {
    const existing = '# Changelog\n\nAll notable changes.\n\n## 1.0.0\n\n- a\n';
    expect(insert(existing)).toBe(
      `# Changelog\n\nAll notable changes.\n\n${section}\n## 1.0.0\n\n- a\n`,
    );
  });

  it('replaces a section for the same version', () => {
    const existing = '# Changelog\n\n## [1.1.0] - 2024-01-01\n\n- old\n\n## [1.0.0]\n\n- a\n';
    expect(insert(existing)).toBe(`# Changelog\n\n${section}\n## [1.0.0]\n\n- a\n`);
    expect(insert('# Changelog\n\n## 1.1.0\n\n- old\n')).toBe(`# Changelog\n\n${section}`);
  });

  it('appends below a lone title or an introduction without releases', () => {
    expect(insert('# Changelog\n')).toBe(`# Changelog\n\n${section}`);
    expect(insert('Some notes.\n')).toBe(`Some notes.\n\n${section}`);
  });

  it('finds the releases whatever their heading level, and ignores fenced code', () => {
    const existing = '# Changelog\n\n```md\n## 9.9.9\n```\n\n### v1.0.0\n\n- a\n';
    const style = detectStyle(existing, '1.1.0');
    expect(style).toMatchObject({ kind: 'plain', level: 3, vPrefix: true });
    expect(style.date).toBeUndefined();
    expect(insertSection(existing, '### v1.1.0\n\n- b\n', release, style)).toBe(
      '# Changelog\n\n```md\n## 9.9.9\n```\n\n### v1.1.0\n\n- b\n\n### v1.0.0\n\n- a\n',
    );
  });
});
