import { describe, expect, it } from 'vitest';
import { createBatcher, createDebouncer, type Timers } from './batch';

/** Timers a test moves by hand. */
function fakeClock() {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    setTimeout: (run, ms) => {
      due.set(++next, { at: now + ms, run });
      return next;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const [id, timer] = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !timer || timer.at > until) break;
      due.delete(id);
      now = timer.at;
      timer.run();
    }
    now = until;
  };
  return { timers, advance, now: () => now };
}

describe('live updates in batches', () => {
  it('renders a storm of 5,000 events a second at most 10 times a second, losing none', () => {
    const clock = fakeClock();
    const flushes: number[][] = [];
    const batcher = createBatcher<number>((items) => flushes.push(items), 100, clock.timers);
    // 5,000 events spread over one second: one every 0.2 ms.
    for (let i = 0; i < 5_000; i++) {
      batcher.push(i);
      clock.advance(0.2);
    }
    clock.advance(100);
    expect(flushes.length).toBeLessThanOrEqual(11);
    expect(flushes.flat()).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
  });

  it('hands a lone event over within the interval', () => {
    const clock = fakeClock();
    const flushes: string[][] = [];
    const batcher = createBatcher<string>((items) => flushes.push(items), 100, clock.timers);
    batcher.push('run.started');
    clock.advance(99);
    expect(flushes).toEqual([]);
    clock.advance(1);
    expect(flushes).toEqual([['run.started']]);
  });

  it('drops what is pending when the page leaves', () => {
    const clock = fakeClock();
    const flushes: number[][] = [];
    const batcher = createBatcher<number>((items) => flushes.push(items), 100, clock.timers);
    batcher.push(1);
    batcher.cancel();
    clock.advance(500);
    expect(flushes).toEqual([]);
  });
});

describe('refreshing the run while it tells', () => {
  it('waits for a quiet moment', () => {
    const clock = fakeClock();
    let refreshed = 0;
    const debouncer = createDebouncer(() => refreshed++, 250, 2_000, clock.timers, clock.now);
    debouncer.call();
    clock.advance(200);
    debouncer.call();
    clock.advance(200);
    expect(refreshed).toBe(0);
    clock.advance(50);
    expect(refreshed).toBe(1);
  });

  it('still refreshes every 2 s when the events never stop', () => {
    const clock = fakeClock();
    let refreshed = 0;
    const debouncer = createDebouncer(() => refreshed++, 250, 2_000, clock.timers, clock.now);
    for (let i = 0; i < 100; i++) {
      debouncer.call();
      clock.advance(100);
    }
    // 10 s of an event every 100 ms: never quiet, refreshed about every 2 s.
    expect(refreshed).toBeGreaterThanOrEqual(4);
    expect(refreshed).toBeLessThanOrEqual(5);
  });
});
