import type { LogStream } from '@arcflow/engine';

interface Line {
  stream: LogStream;
  text: string;
}

/**
 * What one attempt of a step may store by default (`ARCFLOW_STEP_LOG_MAX_BYTES`); a workflow's
 * `log_max_bytes`, or a step's own, wins.
 */
export const DEFAULT_STEP_LOG_MAX_BYTES = 10_000_000;

/**
 * Bounds what one attempt of a step stores: the first half of `maxBytes` passes at once (the
 * head); past it, lines wait in a ring that keeps only the last half (the tail), emitted when
 * the step ends after a system line saying what was dropped between the two. Memory stays
 * bounded by the tail however much the step prints. A line's size is its UTF-8 bytes plus
 * its newline.
 */
export class LogCap<L extends Line> {
  private readonly headBudget: number;
  private readonly tailBudget: number;
  private headBytes = 0;
  private inTail = false;
  private ring: L[] = [];
  private ringStart = 0;
  private ringBytes = 0;
  private droppedLines = 0;
  private droppedBytes = 0;

  constructor(
    maxBytes: number,
    /** A system line of this step's log, saying `text`. */
    private readonly system: (text: string) => L,
    private readonly emit: (line: L) => void,
  ) {
    this.headBudget = Math.floor(maxBytes / 2);
    this.tailBudget = maxBytes - this.headBudget;
  }

  push(line: L): void {
    const bytes = Buffer.byteLength(line.text) + 1;
    if (!this.inTail && this.headBytes + bytes <= this.headBudget) {
      this.headBytes += bytes;
      this.emit(line);
      return;
    }
    if (!this.inTail) {
      this.inTail = true;
      this.emit(
        this.system(
          `… the log reached ${formatBytes(this.headBudget)}: what follows is held back, and its last ${formatBytes(this.tailBudget)} are stored when the step ends …`,
        ),
      );
    }
    this.ring.push(line);
    this.ringBytes += bytes;
    while (this.ringBytes > this.tailBudget && this.ringStart < this.ring.length) {
      const oldest = this.ring[this.ringStart] as L;
      this.ring[this.ringStart] = undefined as unknown as L;
      this.ringStart += 1;
      const size = Buffer.byteLength(oldest.text) + 1;
      this.ringBytes -= size;
      this.droppedLines += 1;
      this.droppedBytes += size;
    }
    if (this.ringStart > 4096 && this.ringStart * 2 > this.ring.length) {
      this.ring = this.ring.slice(this.ringStart);
      this.ringStart = 0;
    }
  }

  /** Emits what the tail kept, after saying what was dropped; call once, when the step ends. */
  finish(): void {
    if (!this.inTail) return;
    const kept = this.ring.length - this.ringStart;
    if (this.droppedLines > 0) {
      this.emit(
        this.system(
          `… ${count(this.droppedLines, 'line')} (${formatBytes(this.droppedBytes)}) dropped; the last ${formatBytes(this.ringBytes)} (${count(kept, 'line')}) follow …`,
        ),
      );
    }
    for (let i = this.ringStart; i < this.ring.length; i++) this.emit(this.ring[i] as L);
    this.ring = [];
    this.ringStart = 0;
    this.ringBytes = 0;
    this.inTail = false;
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
