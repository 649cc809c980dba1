import { describe, expect, it } from 'vitest';
import { resumeSimulation, simulateRun, testStep, testWorkflow } from './harness.ts';

describe('simulateRun', () => {
  const def = testWorkflow([testStep('a'), testStep('b', ['a'], { retries: 1 })]);

  it('drives a run on a virtual clock and records a timeline', () => {
    const result = simulateRun(def, {
      startMs: 10_000,
      durationsMs: { a: 250, b: 4000 },
      outcomes: { b: [{ reason: 'exit-code', message: 'x', exitCode: 1 }] },
      retryDelayMs: 500,
    });
    expect(result.timeline).toEqual([
      { stepId: 'a', attempt: 1, startMs: 10_000, endMs: 10_250, result: 'succeeded' },
      { stepId: 'b', attempt: 1, startMs: 10_250, endMs: 14_250, result: 'exit-code' },
      { stepId: 'b', attempt: 2, startMs: 14_750, endMs: 18_750, result: 'succeeded' },
    ]);
    expect(result.endMs).toBe(18_750);
    expect(result.state.status).toBe('succeeded');
    expect(result.events.map((e) => e.at.getTime())).toEqual(
      [...result.events.map((e) => e.at.getTime())].sort((x, y) => x - y),
    );
  });

  it('counts outcomes afresh in a resumed simulation', () => {
    const failing = { reason: 'exit-code', message: 'x', exitCode: 1 } as const;
    const first = simulateRun(def, { outcomes: { b: [failing, failing] }, retryDelayMs: 0 });
    expect(first.state.status).toBe('failed');
    const again = resumeSimulation(def, first.state, { outcomes: { b: [failing, 'succeed'] } });
    expect(again.timeline.map((t) => [t.attempt, t.result])).toEqual([
      [3, 'exit-code'],
      [4, 'succeeded'],
    ]);
    expect(again.timeline[0]?.startMs).toBe(first.endMs + 60_000);
    expect(again.state.status).toBe('succeeded');
  });
});
