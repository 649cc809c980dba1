import { describe, expect, it } from 'vitest';
import { simulateRun, testStep, testWorkflow } from '../testing/harness.ts';
import type { TriggerEvent } from '../triggers/event.ts';
import { decide, initialRunState } from './scheduler.ts';
import type { SchedulerCommand } from './types.ts';

const push: TriggerEvent = {
  kind: 'push',
  source: 'github',
  ref: 'refs/heads/main',
  branch: 'main',
  sha: 'abc123',
  author: 'Ada',
  commits: [
    { sha: 'a1', message: 'one' },
    { sha: 'a2', message: 'two' },
    { sha: 'abc123', message: 'three' },
  ],
  deliveryId: 'd-1',
};
const starts = (commands: Array<{ command: SchedulerCommand }>) =>
  commands.flatMap(({ command }) => (command.type === 'start-step' ? [command] : []));

describe('a run started by an event', () => {
  const def = testWorkflow([
    testStep('build', [], {
      with: { run: `make \${{ event.sha }}`, ref: `\${{ event.ref }}` },
      env: { BRANCH: `\${{ event.branch }}`, PR: `\${{ event.pr.number }}` },
    }),
    testStep('deploy', ['build'], { if: "event.kind == 'push' && event.branch == 'main'" }),
  ]);

  it('opens its story with the inciting incident, then the exposition', () => {
    const { events } = simulateRun(def, { event: push });
    expect(events[0]).toMatchObject({
      type: 'run.started',
      story: {
        kind: 'exposition',
        text: 'Ada pushed 3 commits to main. test-flow sets out: 2 beats to play.',
      },
      data: { steps: 2, incident: { kind: 'push', text: 'Ada pushed 3 commits to main' } },
    });
  });

  it('lets steps read event.* in with, env and if', () => {
    const result = simulateRun(def, { event: push });
    const [build, deploy] = starts(result.commands);
    expect(build?.with).toEqual({ run: 'make abc123', ref: 'refs/heads/main' });
    expect(build?.env).toEqual({ BRANCH: 'main', PR: '' });
    expect(deploy?.stepId).toBe('deploy');
    expect(result.state.event).toEqual(push);
  });

  it('skips a step whose if: reads an event that does not match', () => {
    const result = simulateRun(def, { event: { ...push, branch: 'feature' } });
    expect(result.state.steps.deploy).toMatchObject({ status: 'skipped', skipReason: 'condition' });
  });
});

describe('a run started by hand', () => {
  const def = testWorkflow([
    testStep('build', [], { with: { who: `\${{ event.kind }}:\${{ event.author }}` } }),
  ]);

  it('tells the exposition alone when no event is given, and reads event.kind as manual', () => {
    const result = simulateRun(def);
    expect(result.events[0]?.story.text).toBe('test-flow sets out: 1 beat to play.');
    expect(result.events[0]?.data).toEqual({ steps: 1 });
    expect(starts(result.commands)[0]?.with).toEqual({ who: 'manual:' });
  });

  it('names the person when the manual event says who', () => {
    const result = simulateRun(def, { event: { kind: 'manual', author: 'Grace' } });
    expect(result.events[0]?.story.text).toBe(
      'Grace started the run by hand. test-flow sets out: 1 beat to play.',
    );
    expect(starts(result.commands)[0]?.with).toEqual({ who: 'manual:Grace' });
  });
});

describe('a run replaced in its concurrency group', () => {
  const def = testWorkflow([testStep('deploy')]);
  const options = { maxParallel: 4, retryDelayMs: () => 1000 };
  const newer: TriggerEvent = {
    ...push,
    author: 'Grace',
    commits: [{ sha: 'b1', message: 'fix' }],
  };

  it('says which event replaced it, and keeps the plain sentence for an ordinary cancel', () => {
    const started = decide(
      def,
      initialRunState(def, {}, push),
      { type: 'start', at: new Date(0) },
      options,
    );
    const replaced = decide(
      def,
      started.state,
      { type: 'cancel', at: new Date(1000), supersededBy: newer },
      options,
    );
    expect(replaced.events[0]).toMatchObject({
      type: 'run.cancel-requested',
      story: {
        text: 'Grace pushed 1 commit to main, and a newer run of this group takes over: stopping 1 running step, no new beats will start.',
      },
      data: {
        running: ['deploy'],
        supersededBy: { kind: 'push', text: 'Grace pushed 1 commit to main' },
      },
    });
    const plain = decide(def, started.state, { type: 'cancel', at: new Date(1000) }, options);
    expect(plain.events[0]?.story.text).toBe(
      'Cancel requested: stopping 1 running step, no new beats will start.',
    );
    expect(plain.events[0]?.data).toEqual({ running: ['deploy'] });
  });
});
