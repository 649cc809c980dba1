import type { RunChange } from '@arcflow/db';
import type { NewRunEvent } from '@arcflow/engine';
import { describe, expect, it } from 'vitest';
import { mergeRunChanges } from './merge-changes.ts';

const at = new Date('2026-01-01T10:00:00.000Z');
const later = new Date('2026-01-01T10:00:01.000Z');
const event = (type: string, stepId?: string): NewRunEvent => ({
  type,
  at,
  ...(stepId ? { stepId } : {}),
  story: { kind: 'beat', text: `${type} ${stepId ?? ''}` },
});

describe('mergeRunChanges', () => {
  it('leaves storage as the changes applied in order would', () => {
    const first: RunChange = {
      steps: [{ stepId: 'a', status: 'succeeded', finishedAt: at, outputs: { n: 1 } }],
      attemptsFinished: [{ stepId: 'a', number: 1, status: 'succeeded', finishedAt: at }],
      attemptsStarted: [{ stepId: 'c', number: 1, startedAt: at }],
      events: [event('step.succeeded', 'a'), event('step.started', 'c')],
      logs: [{ runId: 'r', stepId: 'a', attempt: 1, stream: 'stdout', text: 'one', at }],
    };
    const second: RunChange = {
      run: { status: 'running' },
      steps: [
        { stepId: 'c', status: 'running', attempts: 1, startedAt: at },
        { stepId: 'b', status: 'failed', finishedAt: later, lastFailure: null },
      ],
      attemptsFinished: [{ stepId: 'b', number: 1, status: 'failed', finishedAt: later }],
      events: [event('step.failed', 'b')],
    };
    const third: RunChange = {
      run: { status: 'failed', finishedAt: later },
      steps: [{ stepId: 'c', status: 'canceled', finishedAt: later }],
      events: [event('run.failed')],
    };
    const merged = mergeRunChanges([first, second, third]);
    expect(merged.run).toEqual({ status: 'failed', finishedAt: later });
    expect(merged.steps).toEqual([
      { stepId: 'a', status: 'succeeded', finishedAt: at, outputs: { n: 1 } },
      // the last write of each field wins; fields a later change leaves out are kept
      { stepId: 'c', status: 'canceled', attempts: 1, startedAt: at, finishedAt: later },
      { stepId: 'b', status: 'failed', finishedAt: later, lastFailure: null },
    ]);
    expect(merged.attemptsStarted).toEqual(first.attemptsStarted);
    expect(merged.attemptsFinished?.map((a) => a.stepId)).toEqual(['a', 'b']);
    expect(merged.events.map((e) => e.type)).toEqual([
      'step.succeeded',
      'step.started',
      'step.failed',
      'run.failed',
    ]);
    expect(merged.logs?.map((line) => line.text)).toEqual(['one']);
  });

  it('returns a single change as it is', () => {
    const only: RunChange = { events: [event('run.started')] };
    expect(mergeRunChanges([only])).toBe(only);
  });
});
