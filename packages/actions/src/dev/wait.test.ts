import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from './test-support.ts';
import { formatDuration, waitAction } from './wait.ts';

describe('wait', () => {
  it('waits for the duration', async () => {
    const started = Date.now();
    const { outputs, result } = await runAction(waitAction, { duration: '120ms' }, process.cwd());
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(outputs).toEqual({ waited_ms: 120 });
    expect(result.summary).toBe('waited 120ms');
  });

  it('takes a number as seconds', async () => {
    const { outputs } = await runAction(waitAction, { duration: 0.05 }, process.cwd());
    expect(outputs).toEqual({ waited_ms: 50 });
  });

  it('stops at once on abort, saying why', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = runAction(waitAction, { duration: '10m' }, process.cwd(), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('timeout'), 20);
    const failure = await failureOf(running);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(failure.reason).toBe('timeout');

    const canceled = new AbortController();
    canceled.abort('canceled');
    const early = await failureOf(
      runAction(waitAction, { duration: '1s' }, process.cwd(), { signal: canceled.signal }),
    );
    expect(early.reason).toBe('canceled');
  });

  it('rejects what is not a duration', () => {
    expect(waitAction.input.safeParse({ duration: '5 minutes' }).success).toBe(false);
    expect(waitAction.input.safeParse({ duration: -1 }).success).toBe(false);
    expect(waitAction.input.safeParse({ duration: '1h30m' }).success).toBe(true);
  });

  it('formats durations', () => {
    expect(formatDuration(5400_000)).toBe('1h30m');
    expect(formatDuration(2000)).toBe('2s');
  });
});
