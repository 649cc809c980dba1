import type { LogStream } from '@arcflow/engine';

export interface LogLine {
  runId: string;
  stepId: string;
  attempt: number;
  stream: LogStream;
  text: string;
  at: Date;
}

/**
 * Batches log lines so a chatty step does not cost one database write per line.
 * Flushed on a timer and before a step's result is recorded, so its logs are stored first.
 */
export class LogBuffer {
  private pending: LogLine[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly write: (lines: LogLine[]) => Promise<void>,
    intervalMs = 200,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  push(line: LogLine): void {
    this.pending.push(line);
    if (this.pending.length >= 500) void this.flush();
  }

  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.flushing = this.flushing.then(() => this.write(batch));
    }
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
