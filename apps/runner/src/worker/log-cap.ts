import type { LogStream } from '@arcflow/engine';
import { LogTail } from './log-tail.ts';

interface Line {
  stream: LogStream;
  text: string;
  at?: Date;
}

/**
 * What one attempt of a step may store by default (`ARCFLOW_STEP_LOG_MAX_BYTES`); a workflow's
 * `log_max_bytes`, or a step's own, wins.
 */
export const DEFAULT_STEP_LOG_MAX_BYTES = 10_000_000;

/**
 * Bounds what one attempt of a step stores: the first half of `maxBytes` passes at once (the
 * head); past it, lines wait in a `LogTail` that keeps only the last half, emitted when the
 * step ends after a system line saying what was dropped between the two. Memory stays
 * bounded by the tail however much the step prints. A line's size is its UTF-8 bytes plus
 * its newline.
 */
export class LogCap<L extends Line> {
  private readonly headBudget: number;
  private readonly tailBudget: number;
  private headBytes = 0;
  private tail: LogTail | undefined;

  constructor(
    maxBytes: number,
    /** A line of this step's log; without `at`, one written now (a system line). */
    private readonly line: (stream: LogStream, text: string, at?: Date) => L,
    private readonly emit: (line: L) => void,
  ) {
    this.headBudget = Math.floor(maxBytes / 2);
    this.tailBudget = maxBytes - this.headBudget;
  }

  push(line: L): void {
    const bytes = Buffer.byteLength(line.text) + 1;
    if (!this.tail && this.headBytes + bytes <= this.headBudget) {
      this.headBytes += bytes;
      this.emit(line);
      return;
    }
    if (!this.tail) {
      this.tail = new LogTail(this.tailBudget);
      this.emit(
        this.line(
          'system',
          `… the log reached ${formatBytes(this.headBudget)}: what follows is held back, and its last ${formatBytes(this.tailBudget)} are stored when the step ends …`,
        ),
      );
    }
    this.tail.push(line.stream, line.text, bytes, line.at);
  }

  /** Emits what the tail kept, after saying what was dropped; call once, when the step ends. */
  finish(): void {
    const tail = this.tail;
    if (!tail) return;
    this.tail = undefined;
    if (tail.droppedLines > 0) {
      this.emit(
        this.line(
          'system',
          `… ${count(tail.droppedLines, 'line')} (${formatBytes(tail.droppedBytes)}) dropped; the last ${formatBytes(tail.bytes)} (${count(tail.lines, 'line')}) follow …`,
        ),
      );
    }
    for (const kept of tail.drain()) this.emit(this.line(kept.stream, kept.text, kept.at));
  }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** `183 MB`, `5.0 MB`, `812 kB`, `96 bytes` (decimal units, as `ls -h --si` and disks do). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'kB'] : [bytes / 1e6, 'MB'];
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} ${unit}`;
}
