import { describe, expect, it } from 'vitest';
import { event, run, step } from '@/test/fixtures';
import {
  isBehindItsEvents,
  mergeRun,
  runStatusAfter,
  stepStatusAfter,
  unionBySeq,
} from './merge-run';

describe('mergeRun', () => {
  const fetched = run({
    status: 'running',
    steps: [step('build', 'running'), step('test', 'pending')],
    events: [
      event(1, 'run.started', 'exposition'),
      event(2, 'step.started', 'rising', { stepId: 'build' }),
    ],
  });

  it('grows the story and moves statuses as events arrive, before the next fetch', () => {
    const merged = mergeRun(fetched, [
      event(3, 'step.succeeded', 'beat', { stepId: 'build' }),
      event(4, 'step.started', 'rising', { stepId: 'test' }),
      event(5, 'step.failed', 'tension', { stepId: 'test' }),
      event(6, 'run.failed', 'climax'),
    ]);
    expect(merged.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(merged.steps.map((s) => [s.id, s.status])).toEqual([
      ['build', 'succeeded'],
      ['test', 'failed'],
    ]);
    expect(merged.status).toBe('failed');
  });

  it('ignores events the fetch already had (a replay after a reconnect)', () => {
    const merged = mergeRun(fetched, [event(2, 'step.started', 'rising', { stepId: 'build' })]);
    expect(merged).toBe(fetched);
  });

  it('keeps the run as fetched when nothing new came', () => {
    expect(mergeRun(fetched, [])).toBe(fetched);
  });
});

describe('status after an event', () => {
  it('reads the step and run statuses an event implies', () => {
    expect(stepStatusAfter(event(1, 'step.waiting', 'suspense', { stepId: 'a' }))).toBe('waiting');
    expect(stepStatusAfter(event(1, 'step.rejected', 'tension', { stepId: 'a' }))).toBe('failed');
    expect(stepStatusAfter(event(1, 'run.started', 'exposition'))).toBeNull();
    expect(runStatusAfter(event(1, 'run.resumed', 'return'))).toBe('running');
    expect(runStatusAfter(event(1, 'step.started', 'rising'))).toBeNull();
  });
});

describe('isBehindItsEvents', () => {
  it('tells a fetch whose status is older than its events (the run ended while it was read)', () => {
    const events = [
      event(1, 'run.started', 'exposition'),
      event(2, 'step.succeeded', 'beat', { stepId: 'build' }),
      event(3, 'run.succeeded', 'denouement'),
    ];
    expect(isBehindItsEvents(run({ status: 'running', steps: [], events }))).toBe(true);
    expect(isBehindItsEvents(run({ status: 'waiting', steps: [], events }))).toBe(true);
    expect(isBehindItsEvents(run({ status: 'succeeded', steps: [], events }))).toBe(false);
  });

  it('is satisfied when the last run event agrees, or there is none', () => {
    const started = [event(1, 'run.started', 'exposition'), event(2, 'step.started', 'rising')];
    expect(isBehindItsEvents(run({ status: 'running', steps: [], events: started }))).toBe(false);
    expect(isBehindItsEvents(run({ status: 'queued', steps: [], events: [] }))).toBe(false);
    // Waiting for a decision: the run events say running, and that is no lag.
    expect(isBehindItsEvents(run({ status: 'waiting', steps: [], events: started }))).toBe(false);
    // A run that went on again (a resume, a re-telling) tells it with later events anyway.
    const retold = [...started, event(3, 'run.failed', 'climax'), event(4, 'run.retold', 'return')];
    expect(isBehindItsEvents(run({ status: 'running', steps: [], events: retold }))).toBe(false);
    expect(isBehindItsEvents(run({ status: 'queued', steps: [], events: retold }))).toBe(false);
  });
});

describe('unionBySeq', () => {
  const seqs = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i }));

  it('keeps what the page showed when a later fetch brings only the latest events', () => {
    // shown: the first tail 701–1000 and live events up to 1600; the refetch: 1301–1700
    const shown = seqs(701, 1600);
    const union = unionBySeq(shown, seqs(1301, 1700));
    expect(union.map((e) => e.seq)).toEqual(seqs(701, 1700).map((e) => e.seq));
  });

  it('takes each seq once, the later telling of it, and keeps order', () => {
    const a = [
      { seq: 1, v: 'a' },
      { seq: 3, v: 'a' },
    ];
    const b = [
      { seq: 2, v: 'b' },
      { seq: 3, v: 'b' },
      { seq: 4, v: 'b' },
    ];
    expect(unionBySeq(a, b)).toEqual([
      { seq: 1, v: 'a' },
      { seq: 2, v: 'b' },
      { seq: 3, v: 'b' },
      { seq: 4, v: 'b' },
    ]);
    expect(unionBySeq([], b)).toBe(b);
  });
});
