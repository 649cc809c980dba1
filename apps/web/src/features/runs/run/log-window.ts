/**
 * The part of one attempt's log a viewer holds: consecutive lines from `firstLine` on. New
 * lines are appended as they stream in; earlier ones are fetched a page at a time and put in
 * front. The window keeps at most `max` lines, dropping from the front (they can be fetched
 * again), so a chatty step cannot grow the page without bound.
 */
export interface LogWindow<L extends { line: number }> {
  lines: readonly L[];
  /** The number of the first line held (0: the log's beginning is here). */
  firstLine: number;
}

export const emptyWindow = <L extends { line: number }>(): LogWindow<L> => ({
  lines: [],
  firstLine: 0,
});

/** `batch` after the window's lines, dropping from the front beyond `max`. */
export function appendLines<L extends { line: number }>(
  window: LogWindow<L>,
  batch: readonly L[],
  max: number,
): LogWindow<L> {
  if (batch.length === 0) return window;
  const lines = window.lines.length === 0 ? batch : window.lines.concat(batch);
  const firstLine = window.lines.length === 0 ? (batch[0]?.line ?? 0) : window.firstLine;
  if (lines.length <= max) return { lines, firstLine };
  const kept = lines.slice(lines.length - max);
  return { lines: kept, firstLine: kept[0]?.line ?? firstLine };
}

/** `earlier` (the lines just before the window) in front of it. */
export function prependLines<L extends { line: number }>(
  window: LogWindow<L>,
  earlier: readonly L[],
): LogWindow<L> {
  const before = earlier.filter((line) => line.line < window.firstLine);
  if (before.length === 0) return window;
  return { lines: before.concat(window.lines), firstLine: before[0]?.line ?? window.firstLine };
}

/** Where the page before the window starts, and how many lines it has. */
export function earlierPage(
  window: LogWindow<{ line: number }>,
  pageSize: number,
): { fromLine: number; limit: number } | null {
  if (window.firstLine <= 0) return null;
  const fromLine = Math.max(0, window.firstLine - pageSize);
  return { fromLine, limit: window.firstLine - fromLine };
}
