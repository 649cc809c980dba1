/** The timers a batcher uses: the real ones, or a test's. */
export interface Timers {
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Live updates a page applies at most this often: ≤ 10 renders a second under any storm. */
export const LIVE_FLUSH_MS = 100;

/**
 * Collects items (WebSocket events) and hands them over together, at most once per
 * `intervalMs`: the first item of a batch starts the clock, the rest ride along. A 5,000-step
 * run tells thousands of events a minute; the page renders once per batch, not per event.
 */
export function createBatcher<T>(
  flush: (items: T[]) => void,
  intervalMs = LIVE_FLUSH_MS,
  timers: Timers = realTimers,
) {
  let pending: T[] = [];
  let timer: unknown;
  return {
    push(item: T) {
      pending.push(item);
      if (timer !== undefined) return;
      timer = timers.setTimeout(() => {
        timer = undefined;
        const items = pending;
        pending = [];
        flush(items);
      }, intervalMs);
    },
    /** Drops what is pending (the page is leaving). */
    cancel() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      pending = [];
    },
  };
}

/**
 * Calls `run` once things are quiet for `quietMs`, but never later than `maxWaitMs` after the
 * first call of a burst: a run that never pauses still gets its details refreshed.
 */
export function createDebouncer(
  run: () => void,
  quietMs: number,
  maxWaitMs: number,
  timers: Timers = realTimers,
  now: () => number = Date.now,
) {
  let timer: unknown;
  let firstAt: number | undefined;
  return {
    call() {
      const at = now();
      firstAt ??= at;
      if (timer !== undefined) timers.clearTimeout(timer);
      const wait = Math.max(0, Math.min(quietMs, firstAt + maxWaitMs - at));
      timer = timers.setTimeout(() => {
        timer = undefined;
        firstAt = undefined;
        run();
      }, wait);
    },
    cancel() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      firstAt = undefined;
    },
  };
}
