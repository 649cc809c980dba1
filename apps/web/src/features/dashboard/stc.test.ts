import { describe, expect, it } from 'vitest';
import type { WorkflowDetail } from '@/lib/api-types';
import { event, run, step } from '@/test/fixtures';
import { actionPath, byLevel, lastSentence, markOf, openTensions } from './stc';

const graph = {
  nodes: [
    { id: 'deploy', universe: 'engineer', beat: 'Shipped', action: 'shell', level: 2 },
    { id: 'build', universe: 'engineer', beat: 'Built', action: 'shell', level: 0 },
    { id: 'lint', universe: 'engineer', beat: null, action: 'shell', level: 1 },
    { id: 'test', universe: 'story', beat: 'Tested', action: 'shell', level: 1 },
  ],
  edges: [],
} as unknown as WorkflowDetail['graph'];

describe('actionPath', () => {
  it('lists the steps in the order they can run, unmarked when never run', () => {
    const path = actionPath(graph, undefined);
    expect(path.map((n) => n.id)).toEqual(['build', 'lint', 'test', 'deploy']);
    expect(path.every((n) => n.mark === null)).toBe(true);
    expect(byLevel(path).map((level) => level.map((n) => n.id))).toEqual([
      ['build'],
      ['lint', 'test'],
      ['deploy'],
    ]);
  });

  it('marks how far the latest run got', () => {
    const latest = run({
      status: 'failed',
      steps: [step('build', 'succeeded'), step('lint', 'failed'), step('test', 'skipped')],
      events: [],
    });
    const marks = Object.fromEntries(actionPath(graph, latest).map((n) => [n.id, n.mark]));
    expect(marks).toEqual({
      build: 'done',
      lint: 'failed',
      test: 'not-reached',
      deploy: 'not-reached',
    });
  });

  it("falls back to the run's own steps when the workflow has no graph", () => {
    const latest = run({ steps: [step('a', 'running'), step('b', 'pending')], events: [] });
    expect(actionPath(undefined, latest).map((n) => [n.id, n.mark])).toEqual([
      ['a', 'running'],
      ['b', 'not-reached'],
    ]);
  });
});

describe('markOf', () => {
  it('calls only finished-well steps done', () => {
    expect(markOf('succeeded')).toBe('done');
    expect(markOf('canceled')).toBe('not-reached');
    expect(markOf('waiting')).toBe('waiting');
  });
});

describe('openTensions', () => {
  it('names each failed or waiting step with what its story said', () => {
    const latest = run({
      status: 'failed',
      steps: [step('build', 'succeeded'), step('test', 'failed'), step('approve', 'waiting')],
      events: [
        event(1, 'step.failed', 'tension', { stepId: 'test', text: 'test failed: 2 tests' }),
        event(2, 'step.waiting', 'suspense', { stepId: 'approve', text: 'approve waits for you' }),
      ],
    });
    expect(openTensions(latest).map(({ stepId, kind, text }) => ({ stepId, kind, text }))).toEqual([
      { stepId: 'test', kind: 'failed', text: 'test failed: 2 tests' },
      { stepId: 'approve', kind: 'waiting', text: 'approve waits for you' },
    ]);
  });

  it("quotes the reviewer's rejection rather than the failure that follows it", () => {
    const latest = run({
      status: 'failed',
      steps: [step('review', 'failed')],
      events: [
        event(1, 'step.rejected', 'tension', { stepId: 'review', text: 'Ada: not yet' }),
        event(2, 'step.failed', 'tension', { stepId: 'review', text: 'review failed' }),
      ],
    });
    expect(openTensions(latest)).toMatchObject([{ kind: 'rejected', text: 'Ada: not yet' }]);
  });

  it('has none for a run that succeeded, or no run', () => {
    expect(openTensions(undefined)).toEqual([]);
    expect(
      openTensions(run({ status: 'succeeded', steps: [step('a', 'succeeded')], events: [] })),
    ).toEqual([]);
  });
});

describe('lastSentence', () => {
  it("is the story's last sentence", () => {
    const latest = run({
      steps: [],
      events: [
        event(1, 'run.started', 'exposition'),
        event(2, 'run.succeeded', 'resolution', { text: 'Done.' }),
      ],
    });
    expect(lastSentence(latest)).toBe('Done.');
    expect(lastSentence(undefined)).toBeNull();
  });
});
