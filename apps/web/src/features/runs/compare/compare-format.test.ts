import { describe, expect, it } from 'vitest';
import {
  divergenceDetail,
  durationDelta,
  ms,
  outputValue,
  problemText,
  sideFacts,
} from './compare-format';

describe('compare formatting', () => {
  it('signs duration deltas and leaves missing ones blank', () => {
    expect(durationDelta(1200)).toBe('+1.2 s');
    expect(durationDelta(-300)).toBe('−300 ms');
    expect(durationDelta(0)).toBe('±0 ms');
    expect(durationDelta(null)).toBe('');
    expect(ms(185_000)).toBe('3 min 5 s');
  });

  it('tells a side’s duration and its attempts when there were several', () => {
    expect(sideFacts({ status: 'succeeded', durationMs: 2400, outputs: null, attempts: 1 })).toBe(
      '2.4 s',
    );
    expect(sideFacts({ status: 'failed', durationMs: null, outputs: null, attempts: 3 })).toBe(
      '3 attempts',
    );
  });

  it('shows output values as compact JSON, cut short', () => {
    expect(outputValue(true, { a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(outputValue(false, undefined)).toBe('—');
    expect(outputValue(true, 'x'.repeat(100), 10)).toBe(`"${'x'.repeat(8)}…`);
  });

  it('says where the stories diverge', () => {
    expect(divergenceDetail({ step: 'test', reason: 'status', a: 'failed', b: 'succeeded' })).toBe(
      'failed in A but succeeded in B',
    );
    expect(divergenceDetail({ step: 'lint', reason: 'only-in-b', a: null, b: 'failed' })).toBe(
      'only B has this beat (failed)',
    );
  });
});

describe('problemText', () => {
  it('keeps the runner’s sentence, and reads zod’s issues', () => {
    expect(problemText('no run "x"')).toBe('no run "x"');
    expect(problemText(JSON.stringify([{ path: ['runB'], message: 'not a run id' }]))).toBe(
      'with: not a run id',
    );
  });
});
