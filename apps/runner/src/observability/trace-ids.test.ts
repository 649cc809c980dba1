import { describe, expect, it } from 'vitest';
import { runTraceId, stepSpanId, stepTraceparent, tellingSpanId } from './trace-ids.ts';

describe('trace ids derived from the run', () => {
  it('gives a W3C traceparent naming the run trace and the attempt span', () => {
    const parent = stepTraceparent('r7k2m9x4q', 'build', 2);
    expect(parent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parent).toBe(`00-${runTraceId('r7k2m9x4q')}-${stepSpanId('r7k2m9x4q', 'build', 2)}-01`);
  });

  it('is the same on every runner and differs between runs, steps, attempts and tellings', () => {
    expect(runTraceId('r7k2m9x4q')).toBe(runTraceId('r7k2m9x4q'));
    expect(runTraceId('r7k2m9x4q')).not.toBe(runTraceId('r7k2m9x4r'));
    const spans = new Set([
      stepSpanId('r1', 'a', 1),
      stepSpanId('r1', 'a', 2),
      stepSpanId('r1', 'b', 1),
      stepSpanId('r2', 'a', 1),
      tellingSpanId('r1', 0),
      tellingSpanId('r1', 1),
    ]);
    expect(spans.size).toBe(6);
  });
});
