import type { Logger } from '../logger.ts';

/** Why the server cut a connection (or refused a request) short. */
export type DropReason =
  | 'header timeout'
  | 'body timeout'
  | 'idle'
  | 'upgrade timeout'
  | 'too many connections'
  | 'too many refused deliveries';

export interface DropLogOptions {
  /** One line per address and reason in this long; the rest are counted (default 60 s). */
  windowMs?: number;
  /** Tallies kept at once; drops beyond are counted under `other addresses`. */
  maxAddresses?: number;
}

interface Tally {
  /** Drops since the last line. */
  repeated: number;
  timer: NodeJS.Timeout | undefined;
}

const OTHER_ADDRESSES = 'other addresses';

/**
 * Warns once per address and reason, then counts: a client refused ten thousand times writes
 * one line at once and one `repeated: 9999` line when the window ends, not ten thousand.
 */
export class DropLog {
  private readonly tallies = new Map<string, Tally>();
  private readonly windowMs: number;
  private readonly maxAddresses: number;

  constructor(
    private readonly logger: Logger,
    options: DropLogOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 1_000;
  }

  /** `message` is the line's text (`connection dropped`); `detail` goes on the first line only. */
  warn(
    message: string,
    address: string,
    reason: DropReason,
    detail: Record<string, unknown> = {},
  ): void {
    const shown = this.tallies.size >= this.maxAddresses ? OTHER_ADDRESSES : address;
    const key = `${message}\u0000${shown}\u0000${reason}`;
    const tally = this.tallies.get(key);
    if (tally) {
      tally.repeated++;
      return;
    }
    this.logger.warn({ address: shown, reason, ...detail }, message);
    const fresh: Tally = { repeated: 0, timer: undefined };
    fresh.timer = setTimeout(() => this.endWindow(key, message, shown, reason), this.windowMs);
    fresh.timer.unref();
    this.tallies.set(key, fresh);
  }

  /** Writes what is still counted (on shutdown). */
  close(): void {
    for (const [key, tally] of this.tallies) {
      clearTimeout(tally.timer);
      const [message = '', address = '', reason = ''] = key.split('\u0000');
      this.writeRepeated(tally, message, address, reason);
    }
    this.tallies.clear();
  }

  private endWindow(key: string, message: string, address: string, reason: string): void {
    const tally = this.tallies.get(key);
    this.tallies.delete(key);
    if (tally) this.writeRepeated(tally, message, address, reason);
  }

  private writeRepeated(tally: Tally, message: string, address: string, reason: string): void {
    if (tally.repeated === 0) return;
    this.logger.warn(
      { address, reason, repeated: tally.repeated, withinMs: this.windowMs },
      message,
    );
  }
}
