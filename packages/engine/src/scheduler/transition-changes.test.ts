import { describe, expect, it } from 'vitest';
import { testStep, testWorkflow } from '../testing/harness.ts';
import { decide, initialRunState } from './scheduler.ts';
import type { SchedulerOptions, Transition } from './types.ts';

const options: SchedulerOptions = { maxParallel: 2, retryDelayMs: () => 1000 };
const at = (ms: number) => new Date(ms);

/** 300 independent steps (several chunks of the step table) and one that needs the first. */
const wide = testWorkflow([
  ...Array.from({ length: 300 }, (_, i) => testStep(`s${i}`)),
  testStep('last', ['s0']),
]);

const summary = (transition: Transition) =>
  transition.changes.map((c) => [c.after.id, c.before?.status, c.after.status]);

describe('Transition.changes', () => {
  it('names exactly the steps a transition changed, without reading `steps`', () => {
    const queued = initialRunState(wide);
    const start = decide(wide, queued, { type: 'start', at: at(0) }, options);
    expect(summary(start)).toEqual([
      ['s0', 'pending', 'running'],
      ['s1', 'pending', 'running'],
    ]);
    const first = decide(
      wide,
      start.state,
      { type: 'step-succeeded', stepId: 's1', at: at(10), outputs: {} },
      options,
    );
    expect(summary(first)).toEqual([
      ['s1', 'running', 'succeeded'],
      ['s2', 'pending', 'running'],
    ]);
    // the state it came from is what `before` holds, untouched
    expect(first.changes[0]?.before).toBe(start.changes[1]?.after);
    // the record was never built, so the next transition keeps its indexes
    expect(Object.getOwnPropertyDescriptor(first.state, 'steps')?.get).toBeTypeOf('function');
    const again = decide(wide, first.state, { type: 'start', at: at(20) }, options);
    expect(again.changes).toEqual([]);
  });

  it('lists a step once, in the order of the state, however often the transition changed it', () => {
    const queued = initialRunState(wide);
    const started = decide(wide, queued, { type: 'start', at: at(0) }, options).state;
    const failure = { reason: 'exit-code' as const, message: 'exit 1', exitCode: 1 };
    const failed = decide(
      wide,
      started,
      { type: 'step-failed', stepId: 's0', at: at(5), failure },
      options,
    );
    expect(summary(failed)).toEqual([
      ['s0', 'running', 'failed'],
      ['s2', 'pending', 'running'],
      ['last', 'pending', 'skipped'],
    ]);
    expect(failed.changes[0]?.after).toMatchObject({ failures: 1, lastFailure: failure });
  });

  it('is the same for a state read from storage, whose steps are a plain record', () => {
    const queued = initialRunState(wide);
    const started = decide(wide, queued, { type: 'start', at: at(0) }, options).state;
    const stored = { ...started, steps: { ...started.steps } };
    const next = decide(
      wide,
      stored,
      { type: 'step-succeeded', stepId: 's0', at: at(10), outputs: {} },
      options,
    );
    expect(summary(next)).toEqual([
      ['s0', 'running', 'succeeded'],
      ['s2', 'pending', 'running'],
    ]);
    expect(next.changes[0]?.before).toBe(stored.steps.s0);
  });
});
