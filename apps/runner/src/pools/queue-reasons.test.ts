import type { WaitingRun } from '@arcflow/db';
import { describe, expect, it } from 'vitest';
import { type QueueFacts, queueReasons } from './queue-reasons.ts';

const run = (id: string, extra: Partial<WaitingRun> = {}): WaitingRun => ({
  id,
  workspaceDir: '/ws',
  concurrencyGroup: null,
  runsOn: [],
  queuedReason: null,
  cancelRequested: false,
  ...extra,
});

const facts = (extra: Partial<QueueFacts>): QueueFacts => ({
  waiting: [],
  holders: new Map(),
  activeCounts: new Map(),
  runnerLabels: [['linux']],
  maxActiveRuns: 32,
  ...extra,
});

describe('queueReasons', () => {
  it('says which labels no live runner carries', () => {
    const reasons = queueReasons(
      facts({ waiting: [run('a', { runsOn: ['gpu'] }), run('b', { runsOn: ['linux'] })] }),
    );
    expect(reasons.get('a')).toBe('waiting for a runner with labels gpu');
    expect(reasons.get('b')).toBeNull();
  });

  it('names the active run of a busy group, then the run queued ahead in it', () => {
    const reasons = queueReasons(
      facts({
        waiting: [
          run('b', { concurrencyGroup: 'deploy' }),
          run('c', { concurrencyGroup: 'deploy' }),
          run('d', { concurrencyGroup: 'docs' }),
          run('e', { concurrencyGroup: 'docs' }),
        ],
        holders: new Map([['deploy', { group: 'deploy', runId: 'a' }]]),
      }),
    );
    expect(reasons.get('b')).toBe('waiting for concurrency group deploy (run a is active)');
    expect(reasons.get('c')).toBe('waiting for concurrency group deploy (run a is active)');
    expect(reasons.get('d')).toBeNull();
    expect(reasons.get('e')).toBe('waiting for concurrency group docs (run d is queued ahead)');
  });

  it('counts the active runs against ARCFLOW_MAX_RUNS', () => {
    const reasons = queueReasons(
      facts({ waiting: [run('b')], activeCounts: new Map([['/ws', 1]]), maxActiveRuns: 1 }),
    );
    expect(reasons.get('b')).toBe('waiting for a free slot: 1 of ARCFLOW_MAX_RUNS=1 runs active');
  });

  it('gives no reason to a run canceled in the queue: it is taken only to end it', () => {
    const reasons = queueReasons(
      facts({ waiting: [run('a', { runsOn: ['gpu'], cancelRequested: true })] }),
    );
    expect(reasons.get('a')).toBeNull();
  });
});
