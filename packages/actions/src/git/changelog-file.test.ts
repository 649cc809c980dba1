import { describe, expect, it } from 'vitest';
import { insertSection } from './changelog-file.ts';

const section = '## 1.1.0\n\n### Fixes\n\n- b (2222222)\n';

describe('insertSection', () => {
  it('creates the file with a title', () => {
    expect(insertSection(undefined, section, '1.1.0')).toBe(`# Changelog\n\n${section}`);
  });

  it('goes above the newest section, below the title and introduction', () => {
    const existing = '# Changelog\n\nAll notable changes.\n\n## 1.0.0\n\n- a\n';
    expect(insertSection(existing, section, '1.1.0')).toBe(
      `# Changelog\n\nAll notable changes.\n\n${section}\n## 1.0.0\n\n- a\n`,
    );
  });

  it('replaces a section with the same heading', () => {
    const existing = '# Changelog\n\n## [1.1.0] - 2024-01-01\n\n- old\n\n## 1.0.0\n\n- a\n';
    expect(insertSection(existing, section, '1.1.0')).toBe(
      `# Changelog\n\n${section}\n## 1.0.0\n\n- a\n`,
    );
    expect(insertSection('# Changelog\n\n## 1.1.0\n\n- old\n', section, '1.1.0')).toBe(
      `# Changelog\n\n${section}`,
    );
  });

  it('appends below a lone title and prepends to anything else', () => {
    expect(insertSection('# Changelog\n', section, '1.1.0')).toBe(`# Changelog\n\n${section}`);
    expect(insertSection('Some notes.\n', section, '1.1.0')).toBe(`${section}\nSome notes.\n`);
  });
});
