import { describe, expect, it } from 'vitest';
import { buildTimeScale, formatElapsed } from './timescale';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('formatElapsed', () => {
  it('reads like a person would say it', () => {
    expect(formatElapsed(0)).toBe('0 s');
    expect(formatElapsed(250)).toBe('0.25 s');
    expect(formatElapsed(1_500)).toBe('1.5 s');
    expect(formatElapsed(42 * SECOND)).toBe('42 s');
    expect(formatElapsed(3 * MINUTE + 5 * SECOND)).toBe('3m 05s');
    expect(formatElapsed(2 * MINUTE)).toBe('2 min');
    expect(formatElapsed(HOUR + 2 * MINUTE)).toBe('1h 02m');
    expect(formatElapsed(-5)).toBe('0 s');
  });
});

describe('buildTimeScale', () => {
  it('maps a busy run linearly from 0 to 1', () => {
    const scale = buildTimeScale(0, 10 * SECOND, [[0, 10 * SECOND]]);
    expect(scale.x(0)).toBe(0);
    expect(scale.x(5 * SECOND)).toBeCloseTo(0.5);
    expect(scale.x(10 * SECOND)).toBe(1);
    expect(scale.breaks).toEqual([]);
  });

  it('picks round, readable ticks for a long run', () => {
    const scale = buildTimeScale(0, 2 * HOUR, [[0, 2 * HOUR]], { tickCount: 8 });
    const labels = scale.ticks.map((t) => t.label);
    expect(labels[0]).toBe('0 s');
    expect(labels).toContain('1h 00m');
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(labels.length).toBeLessThanOrEqual(9);
    // every tick is a whole number of the same round step
    const steps = scale.ticks.slice(1).map((t, i) => t.t - (scale.ticks[i]?.t ?? 0));
    expect(new Set(steps).size).toBe(1);
    expect([15 * MINUTE, 30 * MINUTE]).toContain(steps[0]);
  });

  it('squeezes a long idle stretch into a short break, so the work stays readable', () => {
    // 10 s of work, a 2-hour wait for a resume, 10 s of work again
    const end = 2 * HOUR + 20 * SECOND;
    const scale = buildTimeScale(0, end, [
      [0, 10 * SECOND],
      [2 * HOUR + 10 * SECOND, end],
    ]);
    expect(scale.breaks).toHaveLength(1);
    expect(scale.breaks[0]?.ms).toBe(2 * HOUR);
    // the two busy stretches share most of the width
    expect(scale.x(10 * SECOND)).toBeGreaterThan(0.3);
    expect(1 - scale.x(2 * HOUR + 10 * SECOND)).toBeGreaterThan(0.3);
    // no tick is drawn inside the break
    const [b] = scale.breaks;
    for (const tick of scale.ticks) {
      expect(tick.x <= (b?.x0 ?? 0) || tick.x >= (b?.x1 ?? 1)).toBe(true);
    }
  });

  it('keeps ticks apart and in order', () => {
    const scale = buildTimeScale(0, 37 * SECOND, [[0, 37 * SECOND]], { tickCount: 12 });
    for (let i = 1; i < scale.ticks.length; i++) {
      expect((scale.ticks[i]?.x ?? 0) - (scale.ticks[i - 1]?.x ?? 0)).toBeGreaterThanOrEqual(0.07);
    }
  });

  it('does not break on a run that has not lasted yet', () => {
    const scale = buildTimeScale(1_000, 1_000, []);
    expect(scale.end).toBeGreaterThan(scale.start);
    expect(scale.x(1_000)).toBe(0);
  });
});
