import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.ts';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('unifiedDiff', () => {
  it('is empty for the same lines', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'x', 'y')).toBe('');
  });

  it('shows a change with three lines of context', () => {
    const a = `${numbered(10).join('\n')}\n`;
    const b = a.replace('line 5\n', 'line five\n');
    expect(unifiedDiff(a, b, 'old', 'new')).toBe(
      [
        '--- old',
        '+++ new',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  it('splits distant changes into hunks and numbers additions and removals', () => {
    const lines = numbered(20);
    const b = [...lines.slice(0, 1), 'added', ...lines.slice(1, 17), ...lines.slice(18)];
    const diff = unifiedDiff(`${lines.join('\n')}\n`, `${b.join('\n')}\n`, 'a', 'b');
    expect(diff.split('\n').filter((l) => l.startsWith('@@'))).toEqual([
      '@@ -1,4 +1,5 @@',
      '@@ -15,6 +16,5 @@',
    ]);
    expect(diff).toContain('\n+added\n');
    expect(diff).toContain('\n-line 18\n');
  });

  it('diffs from and to an empty text', () => {
    expect(unifiedDiff('', 'a\n', 'a', 'b')).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+a\n');
    expect(unifiedDiff('a\n', '', 'a', 'b')).toBe('--- a\n+++ b\n@@ -1,1 +0,0 @@\n-a\n');
  });
});
