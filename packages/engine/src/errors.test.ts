import { describe, expect, it } from 'vitest';
import { ActionInputError, NonRetriableError, StepFailure, toFailureInfo } from './errors.ts';

describe('errors', () => {
  it('say whether to retry and keep their cause', () => {
    const cause = new Error('spawn ENOENT');
    const failure = new StepFailure({ reason: 'error', message: 'no bash' }, { cause });
    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe('StepFailure');
    expect(failure.message).toBe('no bash');
    expect(failure.retriable).toBe(true);
    expect(failure.cause).toBe(cause);
    expect(new NonRetriableError('nope', { cause }).retriable).toBe(false);
    expect(new ActionInputError('bad with:').retriable).toBe(false);
  });

  it('turn anything thrown into a FailureInfo', () => {
    const info = { reason: 'exit-code', message: 'x', exitCode: 1 } as const;
    expect(toFailureInfo(new StepFailure(info))).toBe(info);
    expect(toFailureInfo(new NonRetriableError('stop'))).toEqual({
      reason: 'error',
      message: 'stop',
      retriable: false,
    });
    expect(toFailureInfo(new TypeError('boom'))).toEqual({ reason: 'error', message: 'boom' });
    expect(toFailureInfo('weird')).toEqual({ reason: 'error', message: 'weird' });
  });
});
