import { describe, expect, it } from 'vitest';
import { step } from '@/test/fixtures';
import { attemptsOf } from './attempts';

describe('attemptsOf', () => {
  it('rebuilds the one attempt a step that ran once tells itself', () => {
    const failed = step('build', 'failed', {
      attempts: 1,
      startedAt: '2026-12-02T10:00:00.000Z',
      finishedAt: '2026-12-02T10:00:05.000Z',
      failure: 'exit code 2',
    });
    expect(attemptsOf(failed)).toEqual([
      {
        number: 1,
        status: 'failed',
        startedAt: '2026-12-02T10:00:00.000Z',
        finishedAt: '2026-12-02T10:00:05.000Z',
        exitCode: null,
        failure: 'exit code 2',
      },
    ]);
  });

  it('takes the attempts the API sent when the step does not tell them', () => {
    const history = [
      {
        number: 1,
        status: 'interrupted',
        startedAt: 'a',
        finishedAt: 'b',
        exitCode: null,
        failure: null,
      },
      {
        number: 2,
        status: 'succeeded',
        startedAt: 'c',
        finishedAt: 'd',
        exitCode: 0,
        failure: null,
      },
    ] as const;
    const retried = step('build', 'succeeded', { attempts: 2, attemptHistory: [...history] });
    expect(attemptsOf(retried).map((a) => a.status)).toEqual(['interrupted', 'succeeded']);
  });

  it('has none for a step that never started', () => {
    expect(attemptsOf(step('deploy', 'pending', { attempts: 0, startedAt: null }))).toEqual([]);
  });
});
