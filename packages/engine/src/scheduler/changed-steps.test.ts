import { describe, expect, it } from 'vitest';
import { testStep, testWorkflow } from '../testing/harness.ts';
import { decide, initialRunState } from './scheduler.ts';
import { changedSteps } from './step-table.ts';
import type { SchedulerOptions } from './types.ts';

const options: SchedulerOptions = { maxParallel: 2, retryDelayMs: () => 1000 };
const at = (ms: number) => new Date(ms);

/** 300 independent steps (several chunks of the step table) and one that needs the first. */
const wide = testWorkflow([
  ...Array.from({ length: 300 }, (_, i) => testStep(`s${i}`)),
  testStep('last', ['s0']),
]);

describe('changedSteps', () => {
  it('names exactly the steps a tick of transitions changed, without reading `steps`', () => {
    const queued = initialRunState(wide);
    const started = decide(wide, queued, { type: 'start', at: at(0) }, options).state;
    const first = decide(
      wide,
      started,
      { type: 'step-succeeded', stepId: 's0', at: at(10), outputs: {} },
      options,
    ).state;
    const after = decide(
      wide,
      first,
      { type: 'step-succeeded', stepId: 's1', at: at(20), outputs: {} },
      options,
    ).state;

    const changes = changedSteps(started, after);
    expect(changes?.map((c) => [c.after.id, c.before?.status, c.after.status])).toEqual([
      ['s0', 'running', 'succeeded'],
      ['s1', 'running', 'succeeded'],
      ['s2', 'pending', 'running'],
      ['s3', 'pending', 'running'],
    ]);
    // the records were never built, so the next transition keeps its indexes
    expect(Object.getOwnPropertyDescriptor(after, 'steps')?.get).toBeTypeOf('function');
    expect(changedSteps(after, after)).toEqual([]);
  });

  it('says it cannot tell once a state came from elsewhere or its steps were read', () => {
    const queued = initialRunState(wide);
    const started = decide(wide, queued, { type: 'start', at: at(0) }, options).state;
    expect(changedSteps({ ...queued, steps: { ...queued.steps } }, started)).toBeUndefined();
    void started.steps; // read: it may be edited from now on
    const next = decide(
      wide,
      started,
      { type: 'step-succeeded', stepId: 's0', at: at(10), outputs: {} },
      options,
    ).state;
    expect(changedSteps(started, next)).toBeUndefined();
  });
});
