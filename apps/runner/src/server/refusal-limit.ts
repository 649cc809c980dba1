/**
 * Counts what each address had refused in the current minute (a fixed window per address).
 * Once an address reaches `perMinute`, `blocked` says so until its window ends: the caller
 * then answers without reading, verifying or storing anything.
 */
export class RefusalLimit {
  private readonly windows = new Map<string, { startedAt: number; refused: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Addresses followed at once; the oldest windows are forgotten first. */
    private readonly maxAddresses = 10_000,
  ) {}

  /** Whether `address` has used up its refusals; 0 for no limit. */
  blocked(address: string): boolean {
    if (this.perMinute <= 0) return false;
    const window = this.current(address);
    return window !== undefined && window.refused >= this.perMinute;
  }

  /** Seconds until `address` may be refused again (for `Retry-After`). */
  retryAfterSeconds(address: string): number {
    const window = this.current(address);
    return window ? Math.max(1, Math.ceil((window.startedAt + 60_000 - this.now()) / 1000)) : 1;
  }

  refused(address: string): void {
    if (this.perMinute <= 0) return;
    const window = this.current(address);
    if (window) {
      window.refused++;
      return;
    }
    if (this.windows.size >= this.maxAddresses) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    this.windows.set(address, { startedAt: this.now(), refused: 1 });
  }

  private current(address: string) {
    const window = this.windows.get(address);
    if (window && this.now() - window.startedAt >= 60_000) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }
}
