import { randomUUID } from 'node:crypto';
import type { LogStream } from '@arcflow/engine';

export interface LogLine {
  runId: string;
  stepId: string;
  attempt: number;
  stream: LogStream;
  text: string;
  at: Date;
}

const MAX_LINES = 500;
const MAX_BYTES = 256 * 1024;

/**
 * Batches log lines so a chatty step does not cost one database write per line: written
 * every `intervalMs`, or as soon as 500 lines or 256 KiB wait. A transition takes the waiting
 * lines (`take`) to store them in its own transaction, so a step's logs are never stored
 * after its result and no transition waits for a timer.
 */
export class LogBuffer {
  private pending: LogLine[] = [];
  private pendingBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  /** While a transition stores the lines it took, no other write may number lines before it. */
  private held = false;
  /** A write that failed for good (after its retries): the run cannot keep its logs. */
  private failure: unknown;
  private readonly timer: NodeJS.Timeout;

  constructor(
    /**
     * Stores a batch; `writeId` (a UUID) names it, the same on each retry, so storage can
     * tell a retry whose first try landed (see `StepLogs.append`).
     */
    private readonly write: (lines: LogLine[], writeId: string) => Promise<void>,
    intervalMs = 200,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  push(line: LogLine): void {
    this.pending.push(line);
    this.pendingBytes += line.text.length;
    if (this.pending.length >= MAX_LINES || this.pendingBytes >= MAX_BYTES) void this.flush();
  }

  /**
   * The lines waiting to be written, now the caller's to store, once the writes already
   * started have landed; nothing else is written until `release()`, so lines are stored (and
   * numbered) in the order they came.
   */
  async takeAndHold(): Promise<LogLine[]> {
    this.held = true;
    try {
      // every write already started must land first: its lines come before these
      while (this.inFlight > 0) await this.writing;
      if (this.failure !== undefined) throw this.failure;
    } catch (error) {
      this.held = false;
      throw error;
    }
    return this.take();
  }

  /** The caller has stored what it took: writing resumes, with what waited meanwhile. */
  release(): void {
    this.held = false;
    if (this.pending.length >= MAX_LINES || this.pendingBytes >= MAX_BYTES) void this.flush();
  }

  private take(): LogLine[] {
    const lines = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return lines;
  }

  /** Resolves once the writes already started are done; rejects if one failed for good. */
  async settled(): Promise<void> {
    if (this.inFlight > 0) await this.writing;
    if (this.failure !== undefined) throw this.failure;
  }

  flush(): Promise<void> {
    if (this.held) return this.writing;
    const batch = this.take();
    if (batch.length > 0) {
      this.inFlight += 1;
      const writeId = randomUUID();
      this.writing = this.writing
        .then(() => this.write(batch, writeId))
        .catch((error: unknown) => {
          this.failure ??= error;
        })
        .finally(() => {
          this.inFlight -= 1;
        });
    }
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.held = false;
    await this.flush();
    await this.settled();
  }
}
