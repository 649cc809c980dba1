import { describe, expect, it } from 'vitest';
import { appendLines, earlierPage, emptyWindow, prependLines } from './log-window';

const lines = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ line: from + i, text: `line ${from + i}` }));

describe('a log window', () => {
  it('starts where the first lines it gets start (a tail), and offers the page before', () => {
    const window = appendLines(emptyWindow(), lines(9_500, 500), 20_000);
    expect(window.firstLine).toBe(9_500);
    expect(earlierPage(window, 500)).toEqual({ fromLine: 9_000, limit: 500 });
    expect(earlierPage(appendLines(emptyWindow(), lines(0, 10), 100), 500)).toBeNull();
  });

  it('keeps at most `max` lines, dropping the oldest, which stay fetchable', () => {
    let window = appendLines(emptyWindow(), lines(0, 80), 100);
    window = appendLines(window, lines(80, 50), 100);
    expect(window.lines).toHaveLength(100);
    expect(window.firstLine).toBe(30);
    expect(window.lines.at(-1)?.line).toBe(129);
    expect(earlierPage(window, 500)).toEqual({ fromLine: 0, limit: 30 });
  });

  it('puts an earlier page in front, ignoring lines it already holds', () => {
    const window = appendLines(emptyWindow(), lines(100, 5), 1_000);
    const joined = prependLines(window, lines(95, 7));
    expect(joined.firstLine).toBe(95);
    expect(joined.lines.map((l) => l.line)).toEqual([95, 96, 97, 98, 99, 100, 101, 102, 103, 104]);
    expect(prependLines(joined, [])).toBe(joined);
  });
});
