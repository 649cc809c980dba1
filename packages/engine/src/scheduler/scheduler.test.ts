import { describe, expect, it } from 'vitest';
import type { FailureInfo } from '../actions/types.ts';
import {
  resumeSimulation,
  simulateRun,
  type TimelineEntry,
  testStep,
  testWorkflow,
} from '../testing/harness.ts';
import { decide, initialRunState } from './scheduler.ts';
import type { RunState, SchedulerOptions, StepState } from './types.ts';

const options: SchedulerOptions = { maxParallel: 4, retryDelayMs: (n) => 1000 * 2 ** (n - 1) };
const at = (ms: number) => new Date(ms);
const exit2: FailureInfo = {
  reason: 'exit-code',
  message: 'bash exited with code 2',
  exitCode: 2,
  lastLines: ['compiling…', 'Error: cannot find module x'],
};

/** The most steps running at the same virtual moment. */
function peakParallel(timeline: TimelineEntry[]): number {
  let peak = 0;
  for (const entry of timeline) {
    const overlapping = timeline.filter(
      (t) => t.startMs <= entry.startMs && t.endMs > entry.startMs,
    );
    peak = Math.max(peak, overlapping.length);
  }
  return peak;
}

const types = (events: { type: string; stepId?: string }[]) =>
  events.map((e) => (e.stepId ? `${e.type}:${e.stepId}` : e.type));

describe('initialRunState', () => {
  it('queues the run with every step pending and no attempts', () => {
    const state = initialRunState(testWorkflow([testStep('a'), testStep('b', ['a'])]));
    expect(state).toEqual({
      status: 'queued',
      resumed: false,
      cancelRequested: false,
      inputs: {},
      steps: {
        a: { id: 'a', status: 'pending', attempts: 0, failures: 0 },
        b: { id: 'b', status: 'pending', attempts: 0, failures: 0 },
      },
    });
  });
});

describe('start', () => {
  it('tells the exposition and starts the ready steps with their timeout', () => {
    const def = testWorkflow([testStep('a', [], { timeoutMs: 5000 }), testStep('b', ['a'])], {
      narrative: 'A feature journeys to production',
    });
    const t = decide(def, initialRunState(def), { type: 'start', at: at(0) }, options);
    expect(t.state.status).toBe('running');
    expect(t.state.startedAt).toEqual(at(0));
    expect(t.events[0]).toMatchObject({
      type: 'run.started',
      story: { kind: 'exposition', text: 'A feature journeys to production' },
    });
    expect(t.events[1]).toMatchObject({ type: 'step.started', stepId: 'a', attempt: 1 });
    expect(t.events[1]?.story.kind).toBe('rising');
    expect(t.commands).toEqual([
      { type: 'start-step', stepId: 'a', attempt: 1, timeoutMs: 5000, with: {}, env: {} },
    ]);
    expect(t.state.steps.a).toMatchObject({ status: 'running', attempts: 1 });
    expect(t.state.steps.b?.status).toBe('pending');
  });

  it('generates an exposition naming the workflow and its beats when there is no narrative', () => {
    const def = testWorkflow([testStep('a'), testStep('b')], { name: 'release' });
    const t = decide(def, initialRunState(def), { type: 'start', at: at(0) }, options);
    expect(t.events[0]?.story.text).toBe('release sets out: 2 beats to play.');
  });

  it('starts independent steps together up to maxParallel, and no more', () => {
    const def = testWorkflow(['a', 'b', 'c', 'd', 'e'].map((id) => testStep(id)));
    const first = decide(
      def,
      initialRunState(def),
      { type: 'start', at: at(0) },
      {
        ...options,
        maxParallel: 3,
      },
    );
    expect(first.commands.map((c) => c.type === 'start-step' && c.stepId)).toEqual(['a', 'b', 'c']);

    const { timeline, state } = simulateRun(def, { maxParallel: 3 });
    expect(peakParallel(timeline)).toBe(3);
    expect(timeline.filter((t) => t.startMs === 0).map((t) => t.stepId)).toEqual(['a', 'b', 'c']);
    expect(timeline.filter((t) => t.startMs === 1000).map((t) => t.stepId)).toEqual(['d', 'e']);
    expect(state.status).toBe('succeeded');
  });

  it("also honours the workflow's own maxParallel when it is lower", () => {
    const def = testWorkflow(
      ['a', 'b', 'c'].map((id) => testStep(id)),
      { maxParallel: 1 },
    );
    const { timeline } = simulateRun(def, { maxParallel: 8 });
    expect(peakParallel(timeline)).toBe(1);
    expect(timeline.map((t) => [t.stepId, t.startMs])).toEqual([
      ['a', 0],
      ['b', 1000],
      ['c', 2000],
    ]);
  });
});

describe('a diamond', () => {
  const def = testWorkflow([
    testStep('validate'),
    testStep('build', ['validate']),
    testStep('lint', ['validate']),
    testStep('deploy', ['build', 'lint']),
  ]);

  it('runs the two middle steps together, and the join only after both', () => {
    const { timeline, state, events } = simulateRun(def, {
      durationsMs: { validate: 500, build: 3000, lint: 1000, deploy: 200 },
    });
    expect(timeline.map((t) => [t.stepId, t.startMs, t.endMs])).toEqual([
      ['validate', 0, 500],
      ['build', 500, 3500],
      ['lint', 500, 1500],
      ['deploy', 3500, 3700],
    ]);
    expect(state.status).toBe('succeeded');
    expect(state.finishedAt).toEqual(at(3700));
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'run.succeeded', story: { kind: 'denouement' } });
    expect(last?.story.text).toBe('test-flow completes: all 4 beats told in 3.7s.');
  });

  it('tells each success as its beat, or a generated one', () => {
    const withBeat = testWorkflow([
      testStep('lint', [], { beat: 'The code reads clean' }),
      testStep('test', ['lint']),
    ]);
    const { events } = simulateRun(withBeat, { durationsMs: { lint: 1200 } });
    const beats = events.filter((e) => e.type === 'step.succeeded');
    expect(beats.map((e) => e.story)).toEqual([
      { kind: 'beat', text: 'The code reads clean' },
      { kind: 'beat', text: '"test" (shell) completed.' },
    ]);
    expect(beats[0]?.data).toEqual({ durationMs: 1200, outputs: {} });
  });
});

describe('a step whose action has nothing to do', () => {
  const def = testWorkflow([
    testStep('test'),
    testStep('build', [], { beat: 'The build comes together' }),
    testStep('review', ['test', 'build']),
    testStep('deploy', ['review']),
  ]);
  const nothingToBuild = {
    outputs: { artifacts: [] },
    skipped: 'nothing to build: this Python project (pip) has no build command',
  };

  it('ends skipped with its reason told as a beat, and the steps after it still run', () => {
    const { state, events } = simulateRun(def, { outcomes: { build: [nothingToBuild] } });
    expect(state.status).toBe('succeeded');
    expect(state.steps.build).toMatchObject({
      status: 'skipped',
      skipReason: 'nothing-to-do',
      outputs: { artifacts: [] },
    });
    expect(state.steps.review?.status).toBe('succeeded');
    expect(state.steps.deploy?.status).toBe('succeeded');
    const skipped = events.find((e) => e.type === 'step.skipped');
    expect(skipped).toMatchObject({
      stepId: 'build',
      attempt: 1,
      story: {
        kind: 'beat',
        text: 'build is skipped: nothing to build: this Python project (pip) has no build command',
      },
      data: { reason: 'nothing-to-do' },
    });
    expect(events.some((e) => e.type === 'step.succeeded' && e.stepId === 'build')).toBe(false);
    expect(events.at(-1)?.story.text).toBe(
      'test-flow completes: 3 of 4 beats told (1 with nothing to do) in 3s.',
    );
  });

  it('is told apart from steps skipped by a condition', () => {
    const withCondition = testWorkflow([
      testStep('build'),
      testStep('announce', ['build'], { if: 'false' }),
    ]);
    const { events } = simulateRun(withCondition, { outcomes: { build: [nothingToBuild] } });
    expect(events.at(-1)?.story.text).toBe(
      'test-flow completes: 0 of 2 beats told (1 skipped by a condition, 1 with nothing to do) in 1s.',
    );
  });
});

describe('failure', () => {
  const def = testWorkflow([
    testStep('build'),
    testStep('test', ['build']),
    testStep('deploy', ['test']),
    testStep('docs'),
    testStep('publish-docs', ['docs']),
  ]);

  it('skips everything downstream, lets independent branches finish, and fails the run', () => {
    const { state, events } = simulateRun(def, {
      outcomes: { build: [exit2] },
      durationsMs: { build: 1000, docs: 1500 },
    });
    expect(state.status).toBe('failed');
    expect(state.steps.build?.status).toBe('failed');
    expect(state.steps.build?.lastFailure).toEqual(exit2);
    expect(state.steps.test?.status).toBe('skipped');
    expect(state.steps.deploy?.status).toBe('skipped');
    expect(state.steps.docs?.status).toBe('succeeded');
    expect(state.steps['publish-docs']?.status).toBe('succeeded');

    const failed = events.find((e) => e.type === 'step.failed');
    expect(failed?.story).toEqual({
      kind: 'tension',
      text: 'build failed with exit code 2 — last output: "compiling…" / "Error: cannot find module x"',
    });
    expect(failed?.data).toMatchObject(exit2);

    const skipped = events.filter((e) => e.type === 'step.skipped');
    expect(skipped.map((e) => e.story)).toEqual([
      { kind: 'fallout', text: 'test is skipped because build failed' },
      { kind: 'fallout', text: 'deploy is skipped because build failed' },
    ]);

    const end = events.at(-1);
    expect(end?.type).toBe('run.failed');
    expect(end?.story.kind).toBe('climax');
    expect(end?.story.text).toBe(
      'The arc breaks at build (2 beats skipped). Resume the run once the cause is fixed.',
    );
    expect(types(events).indexOf('step.succeeded:publish-docs')).toBeLessThan(
      types(events).indexOf('run.failed'),
    );
  });

  it('says when a step ran out of time', () => {
    const slow = testWorkflow([testStep('build', [], { timeoutMs: 600_000 })]);
    const { events, timeline } = simulateRun(slow, { durationsMs: { build: 900_000 } });
    expect(timeline).toEqual([
      { stepId: 'build', attempt: 1, startMs: 0, endMs: 600_000, result: 'timeout' },
    ]);
    expect(events.find((e) => e.type === 'step.failed')?.story.text).toBe(
      'build ran out of time after 10m',
    );
  });

  it('does not retry a failure marked non-retriable', () => {
    const once = testWorkflow([testStep('build', [], { retries: 3 })]);
    const { state, timeline } = simulateRun(once, {
      outcomes: { build: [{ reason: 'error', message: 'bad input', retriable: false }] },
    });
    expect(timeline).toHaveLength(1);
    expect(state.status).toBe('failed');
  });
});

describe('retries', () => {
  const def = testWorkflow([testStep('build', [], { retries: 2 }), testStep('ship', ['build'])]);

  it('waits retryDelayMs, counts attempts, and succeeds on the second attempt', () => {
    const { state, events, timeline, commands } = simulateRun(def, {
      outcomes: { build: [exit2, 'succeed'] },
      retryDelayMs: (n) => 2000 * n,
    });
    expect(timeline.map((t) => [t.stepId, t.attempt, t.startMs, t.endMs, t.result])).toEqual([
      ['build', 1, 0, 1000, 'exit-code'],
      ['build', 2, 3000, 4000, 'succeeded'],
      ['ship', 1, 4000, 5000, 'succeeded'],
    ]);
    expect(commands).toContainEqual({ atMs: 1000, command: { type: 'wake-at', at: at(3000) } });
    const retrying = events.find((e) => e.type === 'step.retrying');
    expect(retrying).toMatchObject({ stepId: 'build', attempt: 1, story: { kind: 'tension' } });
    expect(retrying?.story.text).toBe('build failed (exit code 2); retrying in 2s, attempt 2 of 3');
    expect(events.find((e) => e.type === 'step.started' && e.attempt === 2)?.story.text).toBe(
      '"build" begins (attempt 2).',
    );
    expect(state.steps.build).toMatchObject({ status: 'succeeded', attempts: 2, failures: 1 });
    expect(state.status).toBe('succeeded');
  });

  it('sets retryAt from retryDelayMs and emits wake-at', () => {
    const running = decide(def, initialRunState(def), { type: 'start', at: at(0) }, options).state;
    const t = decide(
      def,
      running,
      { type: 'step-failed', stepId: 'build', at: at(500), failure: exit2 },
      { ...options, retryDelayMs: () => 7000 },
    );
    expect(t.state.steps.build).toMatchObject({ status: 'pending', failures: 1, retryAt: 7500 });
    expect(t.commands).toEqual([{ type: 'wake-at', at: at(7500) }]);
    // An early tick starts nothing and asks to be woken again.
    const early = decide(def, t.state, { type: 'tick', at: at(7000) }, options);
    expect(early.events).toEqual([]);
    expect(early.commands).toEqual([{ type: 'wake-at', at: at(7500) }]);
    const due = decide(def, t.state, { type: 'tick', at: at(7500) }, options);
    expect(due.commands).toEqual([
      { type: 'start-step', stepId: 'build', attempt: 2, with: {}, env: {} },
    ]);
  });

  it('fails for good when retries run out', () => {
    const { state, timeline, events } = simulateRun(def, {
      outcomes: { build: [exit2, exit2, exit2] },
      retryDelayMs: 100,
    });
    expect(timeline.map((t) => t.attempt)).toEqual([1, 2, 3]);
    expect(state.steps.build).toMatchObject({ status: 'failed', attempts: 3, failures: 3 });
    expect(state.steps.ship?.status).toBe('skipped');
    expect(types(events).filter((t) => t === 'step.retrying:build')).toHaveLength(2);
    expect(events.find((e) => e.type === 'step.failed')?.attempt).toBe(3);
  });
});

describe('cancel', () => {
  const def = testWorkflow([
    testStep('a'),
    testStep('b'),
    testStep('c', ['a']),
    testStep('d', ['b']),
  ]);

  it('aborts running steps, cancels pending ones, and ends canceled once the running report', () => {
    const started = decide(def, initialRunState(def), { type: 'start', at: at(0) }, options);
    const t = decide(def, started.state, { type: 'cancel', at: at(100) }, options);
    expect(t.state.cancelRequested).toBe(true);
    expect(t.state.status).toBe('running');
    expect(t.commands).toEqual([
      { type: 'abort-step', stepId: 'a' },
      { type: 'abort-step', stepId: 'b' },
    ]);
    expect(types(t.events)).toEqual(['run.cancel-requested', 'step.canceled:c', 'step.canceled:d']);

    const canceledA = { reason: 'canceled', message: 'canceled' } as const;
    const afterA = decide(
      def,
      t.state,
      { type: 'step-failed', stepId: 'a', at: at(150), failure: canceledA },
      options,
    );
    expect(afterA.state.status).toBe('running');
    expect(afterA.commands).toEqual([]);
    const afterB = decide(
      def,
      afterA.state,
      { type: 'step-failed', stepId: 'b', at: at(200), failure: canceledA },
      options,
    );
    expect(afterB.state.status).toBe('canceled');
    expect(afterB.state.finishedAt).toEqual(at(200));
    expect(types(afterB.events)).toEqual(['step.canceled:b', 'run.canceled']);
    expect(afterB.events.at(-1)?.story.kind).toBe('climax');
  });

  it('starts nothing new after a cancel, and a cancel on a finished run is a no-op', () => {
    const { state, events, timeline } = simulateRun(def, { cancelAt: 500, abortLatencyMs: 50 });
    expect(timeline.map((t) => [t.stepId, t.endMs, t.result])).toEqual([
      ['a', 550, 'canceled'],
      ['b', 550, 'canceled'],
    ]);
    expect(state.status).toBe('canceled');
    expect(events.at(-1)?.type).toBe('run.canceled');

    const again = decide(def, state, { type: 'cancel', at: at(9000) }, options);
    expect(again).toEqual({ state, commands: [], events: [], changes: [] });
  });

  it('cancels a queued run at once', () => {
    const t = decide(def, initialRunState(def), { type: 'cancel', at: at(0) }, options);
    expect(t.state.status).toBe('canceled');
    expect(t.commands).toEqual([]);
    expect(t.events.at(-1)?.type).toBe('run.canceled');
  });
});

describe('resume', () => {
  const def = testWorkflow([
    testStep('build', [], { retries: 1 }),
    testStep('test', ['build']),
    testStep('docs'),
  ]);

  it('replays only failed and skipped steps, continues attempt numbers, and resolves', () => {
    const first = simulateRun(def, { outcomes: { build: [exit2, exit2] }, retryDelayMs: 0 });
    expect(first.state.status).toBe('failed');
    expect(first.state.steps.build?.attempts).toBe(2);

    const second = resumeSimulation(def, first.state, { atMs: 60_000 });
    expect(second.timeline.map((t) => [t.stepId, t.attempt])).toEqual([
      ['build', 3],
      ['test', 1],
    ]);
    expect(second.events[0]).toMatchObject({
      type: 'run.resumed',
      story: {
        kind: 'return',
        text: 'The story picks up again: 2 beats to replay after the failure of build.',
      },
    });
    expect(second.state.status).toBe('succeeded');
    expect(second.state.resumed).toBe(true);
    expect(second.state.steps.docs).toEqual(first.state.steps.docs);
    const end = second.events.at(-1);
    expect(end).toMatchObject({ type: 'run.succeeded', story: { kind: 'resolution' } });
    expect(end?.story.text).toBe('Resolution: test-flow completes, the tension of build resolved.');
  });

  it('resets failures so retries count again after a resume', () => {
    const first = simulateRun(def, { outcomes: { build: [exit2, exit2] }, retryDelayMs: 0 });
    const t = decide(def, first.state, { type: 'resume', at: at(60_000) }, options);
    expect(t.state.steps.build).toMatchObject({ status: 'running', failures: 0, attempts: 3 });
    expect(t.state.steps.build?.retryAt).toBeUndefined();
    expect(t.state.cancelRequested).toBe(false);
  });

  it('picks up a canceled run', () => {
    const canceled = simulateRun(def, { cancelAt: 500 });
    expect(canceled.state.status).toBe('canceled');
    const resumed = resumeSimulation(def, canceled.state);
    expect(resumed.events[0]?.story.text).toBe(
      'The story picks up again: 3 beats to replay after it was stopped.',
    );
    expect(resumed.timeline.map((t) => [t.stepId, t.attempt])).toEqual([
      ['build', 2],
      ['docs', 2],
      ['test', 1],
    ]);
    expect(resumed.state.status).toBe('succeeded');
  });

  it('is a no-op unless the run failed or was canceled', () => {
    const done = simulateRun(def).state;
    expect(decide(def, done, { type: 'resume', at: at(1) }, options)).toEqual({
      state: done,
      commands: [],
      events: [],
      changes: [],
    });
    const queued = initialRunState(def);
    expect(decide(def, queued, { type: 'resume', at: at(1) }, options).events).toEqual([]);
  });
});

describe('robustness', () => {
  const def = testWorkflow([testStep('a'), testStep('b', ['a'])]);
  const running = decide(def, initialRunState(def), { type: 'start', at: at(0) }, options).state;

  it('ignores events for unknown steps and for steps that are not running', () => {
    for (const input of [
      { type: 'step-succeeded', stepId: 'nope', at: at(1) },
      { type: 'step-succeeded', stepId: 'b', at: at(1) },
      { type: 'step-failed', stepId: 'ghost', at: at(1), failure: exit2 },
      { type: 'step-failed', stepId: 'b', at: at(1), failure: exit2 },
    ] as const) {
      expect(decide(def, running, input, options)).toEqual({
        state: running,
        commands: [],
        events: [],
        changes: [],
      });
    }
    const queued = initialRunState(def);
    expect(
      decide(def, queued, { type: 'step-succeeded', stepId: 'a', at: at(1) }, options).events,
    ).toEqual([]);
  });

  it('does not mutate the state it is given', () => {
    const frozen: RunState = structuredClone(running);
    deepFreeze(frozen);
    const snapshot = structuredClone(frozen);
    const t = decide(def, frozen, { type: 'step-succeeded', stepId: 'a', at: at(10) }, options);
    expect(frozen).toEqual(snapshot);
    expect(t.state).not.toBe(frozen);
    expect(t.state.steps.a?.status).toBe('succeeded');
    decide(def, frozen, { type: 'step-failed', stepId: 'a', at: at(10), failure: exit2 }, options);
    decide(def, frozen, { type: 'cancel', at: at(10) }, options);
    expect(frozen).toEqual(snapshot);
  });

  it('runs 2,000 layered steps in declaration order within the cap', () => {
    const steps = Array.from({ length: 2000 }, (_, i) => {
      const level = Math.floor(i / 8);
      const deps =
        level === 0 ? [] : [0, 1, 2, 3, 4, 5, 6, 7].map((k) => `s${(level - 1) * 8 + k}`);
      return testStep(`s${i}`, deps);
    });
    const r = simulateRun(testWorkflow(steps), { maxParallel: 8 });
    expect(r.state.status).toBe('succeeded');
    expect(r.timeline.map((t) => t.stepId)).toEqual(steps.map((s) => s.id));
    expect(r.timeline.every((t, i) => t.startMs === Math.floor(i / 8) * 1000)).toBe(true);
  });

  it('sees edits made to the steps of a state it returned', () => {
    const edited = structuredClone(running);
    const a = decide(def, running, { type: 'step-succeeded', stepId: 'a', at: at(1) }, options);
    const steps = a.state.steps;
    steps.b = { ...(steps.b as StepState), status: 'succeeded' };
    const t = decide(def, a.state, { type: 'tick', at: at(2) }, options);
    expect(t.state.status).toBe('succeeded');
    expect(edited.steps.a?.status).toBe('running');
  });

  it('a second start is a no-op', () => {
    expect(decide(def, running, { type: 'start', at: at(5) }, options).events).toEqual([]);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
