import { describe, expect, it } from 'vitest';
import type { FailureInfo } from '../actions/types.ts';
import type { Telling } from '../revisions/types.ts';
import { retellSimulation, simulateRun, testStep, testWorkflow } from '../testing/harness.ts';
import { decide, initialRunState } from './scheduler.ts';
import type { RunState } from './types.ts';

const exit1: FailureInfo = { reason: 'exit-code', message: 'exited with code 1', exitCode: 1 };
const options = { maxParallel: 4, retryDelayMs: () => 0 };

// build -> test -> deploy, and docs on its own
const def = testWorkflow([
  testStep('build'),
  testStep('test', ['build']),
  testStep('deploy', ['test']),
  testStep('docs'),
]);

const retry = (step: string, downstream = false): Telling => ({ kind: 'retry', step, downstream });

describe('retell: retry in the same run', () => {
  it('tells a succeeded step again as a new attempt and keeps every other result', () => {
    const first = simulateRun(def);
    expect(first.state.status).toBe('succeeded');
    const again = retellSimulation(def, first.state, ['test'], retry('test'));
    expect(again.timeline.map((t) => [t.stepId, t.attempt])).toEqual([['test', 2]]);
    expect(again.events[0]).toMatchObject({
      type: 'run.retold',
      story: { kind: 'return', text: '"test" is told again.' },
      data: { kind: 'retry', step: 'test', downstream: false, replay: ['test'] },
    });
    expect(again.state.status).toBe('succeeded');
    expect(again.state.steps.deploy).toEqual(first.state.steps.deploy);
    expect(again.state.steps.build).toEqual(first.state.steps.build);
  });

  it('with downstream, tells the step and everything after it, in order', () => {
    const first = simulateRun(def);
    const again = retellSimulation(
      def,
      first.state,
      ['build', 'test', 'deploy'],
      retry('build', true),
    );
    expect(again.timeline.map((t) => [t.stepId, t.attempt])).toEqual([
      ['build', 2],
      ['test', 2],
      ['deploy', 2],
    ]);
    expect(again.events[0]?.story.text).toBe('"build" is told again, and the 2 beats after it.');
  });

  it('ends failed again when the retried step fails again', () => {
    const first = simulateRun(def, { outcomes: { test: [exit1] } });
    expect(first.state.status).toBe('failed');
    const again = retellSimulation(def, first.state, ['test'], retry('test'), {
      outcomes: { test: [exit1] },
    });
    expect(again.state.status).toBe('failed');
    expect(again.state.steps.test?.attempts).toBe(2);
  });

  it('skips a retried step whose dependency stays failed, so the run still ends', () => {
    const first = simulateRun(def, { outcomes: { test: [exit1] } });
    const again = retellSimulation(def, first.state, ['deploy'], retry('deploy'));
    expect(again.timeline).toEqual([]);
    expect(again.state.steps.deploy).toMatchObject({ status: 'skipped', skipReason: 'upstream' });
    expect(again.state.status).toBe('failed');
  });
});

describe('retell: a rerun starting a new run', () => {
  it('starts a queued run with kept results and tells only the steps named', () => {
    const first = simulateRun(def);
    // A new run whose build and docs were taken over from the first one.
    const queued = initialRunState(def);
    const state: RunState = {
      ...queued,
      steps: {
        ...queued.steps,
        build: { ...first.state.steps.build!, attempts: 0 },
        docs: { ...first.state.steps.docs!, attempts: 0 },
      },
    };
    const telling: Telling = {
      kind: 'rerun',
      fromRun: 'r1',
      from: 'test',
      latest: false,
      kept: 2,
    };
    const rerun = retellSimulation(def, state, ['test', 'deploy'], telling, { atMs: 5 });
    expect(rerun.events[0]).toMatchObject({
      type: 'run.retold',
      story: {
        kind: 'exposition',
        text: 'A re-telling of run r1 from "test": 2 beats to tell, 2 beats taken as told there.',
      },
    });
    expect(rerun.timeline.map((t) => [t.stepId, t.attempt])).toEqual([
      ['test', 1],
      ['deploy', 1],
    ]);
    expect(rerun.state.status).toBe('succeeded');
    expect(rerun.state.startedAt).toEqual(new Date(5));
    expect(rerun.events.at(-1)?.story.kind).toBe('denouement');
  });

  it('is a no-op on a run that is still running', () => {
    const running = decide(def, initialRunState(def), { type: 'start', at: new Date(0) }, options);
    const t = decide(
      def,
      running.state,
      { type: 'retell', at: new Date(1), steps: ['build'], telling: retry('build') },
      options,
    );
    expect(t.events).toEqual([]);
    expect(t.state).toBe(running.state);
  });
});

describe('retell: resume on a newer definition', () => {
  it('says which revision the story picks up on and what changed', () => {
    const first = simulateRun(def, { outcomes: { test: [exit1] } });
    const telling: Telling = {
      kind: 'resume-latest',
      fromRevision: 'aaaa1111',
      toRevision: 'bbbb2222',
      changeCount: 2,
      changed: ['test'],
      added: [],
      removed: ['lint'],
    };
    const resumed = retellSimulation(def, first.state, ['test', 'deploy'], telling);
    expect(resumed.events[0]?.story.text).toBe(
      'The story picks up again on revision bbbb2222 (2 changes: "test" rewritten; "lint" cut from the story): 2 beats to tell.',
    );
    expect(resumed.state.status).toBe('succeeded');
    expect(resumed.events.at(-1)?.story.kind).toBe('resolution');
  });
});
