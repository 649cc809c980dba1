import type { LogStream } from '@arcflow/engine';

const STREAMS: readonly LogStream[] = ['stdout', 'stderr', 'system'];
/** The byte ring starts this large (or at the budget, if smaller) and doubles as needed. */
const FIRST_RING_BYTES = 1 << 20;
const FIRST_LINE_SLOTS = 1 << 12;

export interface TailLine {
  stream: LogStream;
  text: string;
  at: Date | undefined;
}

/**
 * The last `budget` bytes of a log, dropping its oldest lines first (a line's size is its UTF-8
 * bytes plus its newline). The text is kept as UTF-8 in a ring buffer, and per line only its
 * length, stream and time in typed arrays: a step printing millions of lines leaves the heap
 * nothing per line, where keeping each line as an object and string made every line live just
 * long enough to be moved to the old generation, and collected only much later.
 */
export class LogTail {
  private ring: Buffer = Buffer.alloc(0);
  /** Where the oldest kept line's text begins in `ring`, and how many bytes of text follow. */
  private start = 0;
  private used = 0;
  /** Per line, a ring of slots from `first`: its text's byte length, stream and epoch ms. */
  private lengths = new Int32Array(0);
  private streams = new Uint8Array(0);
  private times = new Float64Array(0);
  private first = 0;
  /** Lines and bytes (with newlines) kept. */
  lines = 0;
  bytes = 0;
  droppedLines = 0;
  droppedBytes = 0;

  constructor(private readonly budget: number) {}

  push(stream: LogStream, text: string, bytes: number, at: Date | undefined): void {
    const length = bytes - 1;
    if (bytes > this.budget) {
      // it alone is over the budget: it and everything before it is dropped
      this.droppedLines += this.lines + 1;
      this.droppedBytes += this.bytes + bytes;
      this.clear();
      return;
    }
    while (this.bytes + bytes > this.budget) this.dropOldest();
    this.reserve(length);
    const slot = (this.first + this.lines) % this.lengths.length;
    this.lengths[slot] = length;
    this.streams[slot] = STREAMS.indexOf(stream);
    this.times[slot] = at ? at.getTime() : Number.NaN;
    this.write(text, length);
    this.lines += 1;
    this.bytes += bytes;
  }

  /** The lines kept, oldest first; the tail is empty afterwards. */
  *drain(): Generator<TailLine> {
    while (this.lines > 0) {
      const slot = this.first;
      const length = this.lengths[slot] as number;
      const time = this.times[slot] as number;
      const line: TailLine = {
        stream: STREAMS[this.streams[slot] as number] as LogStream,
        text: this.read(this.start, length),
        at: Number.isNaN(time) ? undefined : new Date(time),
      };
      this.dropOldest(false);
      yield line;
    }
    this.clear();
  }

  private dropOldest(counted = true): void {
    const length = this.lengths[this.first] as number;
    this.start = (this.start + length) % Math.max(1, this.ring.length);
    this.used -= length;
    this.first = (this.first + 1) % this.lengths.length;
    this.lines -= 1;
    this.bytes -= length + 1;
    if (counted) {
      this.droppedLines += 1;
      this.droppedBytes += length + 1;
    }
  }

  private clear(): void {
    this.ring = Buffer.alloc(0);
    this.lengths = new Int32Array(0);
    this.streams = new Uint8Array(0);
    this.times = new Float64Array(0);
    this.start = this.used = this.first = this.lines = this.bytes = 0;
  }

  /** Room for one more line of `length` bytes: the rings grow (copied in order) when full. */
  private reserve(length: number): void {
    if (this.used + length > this.ring.length) {
      let size = Math.max(this.ring.length, Math.min(FIRST_RING_BYTES, this.budget));
      while (this.used + length > size) size = Math.min(size * 2, this.budget);
      const ring = Buffer.allocUnsafe(size);
      this.copyOut(ring);
      this.ring = ring;
      this.start = 0;
    }
    if (this.lines === this.lengths.length) {
      const slots = Math.max(FIRST_LINE_SLOTS, this.lengths.length * 2);
      const order = (i: number) => (this.first + i) % this.lengths.length;
      const lengths = new Int32Array(slots);
      const streams = new Uint8Array(slots);
      const times = new Float64Array(slots);
      for (let i = 0; i < this.lines; i++) {
        lengths[i] = this.lengths[order(i)] as number;
        streams[i] = this.streams[order(i)] as number;
        times[i] = this.times[order(i)] as number;
      }
      this.lengths = lengths;
      this.streams = streams;
      this.times = times;
      this.first = 0;
    }
  }

  /** Appends `text` (`length` bytes of UTF-8) after the kept text, wrapping around the ring. */
  private write(text: string, length: number): void {
    const end = (this.start + this.used) % this.ring.length;
    if (end + length <= this.ring.length) {
      this.ring.write(text, end, 'utf8');
    } else {
      // across the end of the ring: rare, once per turn of it
      const encoded = Buffer.from(text, 'utf8');
      const head = this.ring.length - end;
      encoded.copy(this.ring, end, 0, head);
      encoded.copy(this.ring, 0, head);
    }
    this.used += length;
  }

  private read(from: number, length: number): string {
    if (from + length <= this.ring.length) return this.ring.toString('utf8', from, from + length);
    const head = this.ring.subarray(from);
    return Buffer.concat([head, this.ring.subarray(0, length - head.length)]).toString('utf8');
  }

  /** The kept text, in order, at the start of `target`. */
  private copyOut(target: Buffer): void {
    if (this.used === 0) return;
    const head = Math.min(this.used, this.ring.length - this.start);
    this.ring.copy(target, 0, this.start, this.start + head);
    this.ring.copy(target, head, 0, this.used - head);
  }
}
