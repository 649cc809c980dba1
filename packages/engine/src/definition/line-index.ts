/**
 * Line and column (1-based) of an offset, counted from the text itself. The yaml package's
 * `LineCounter` is fed by its parser and misses the line breaks inside some malformed
 * scalars, which put diagnostics past the end of their line.
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      this.starts.push(i + 1);
    }
  }

  positionOf(offset: number): { line: number; column: number } {
    const at = Math.min(Math.max(0, offset), this.text.length);
    // The last line that starts at or before `at`.
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: at - (this.starts[low] as number) + 1 };
  }
}
