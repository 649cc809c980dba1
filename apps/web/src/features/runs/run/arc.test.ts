import { describe, expect, it } from 'vitest';
import { event, step } from '@/test/fixtures';
import { arcPoints, smoothPath } from './arc';

describe('arcPoints', () => {
  const steps = [step('build', 'succeeded'), step('review', 'failed', { universe: 'ceremony' })];

  it('rises with each beat and peaks, in red, where the run broke', () => {
    const points = arcPoints(
      [
        event(1, 'run.started', 'exposition'),
        event(2, 'step.started', 'rising', { stepId: 'build' }),
        event(3, 'step.succeeded', 'beat', { stepId: 'build' }),
        event(4, 'step.failed', 'tension', { stepId: 'review' }),
        event(5, 'run.failed', 'climax'),
      ],
      steps,
    );
    const ys = points.map((p) => p.y);
    expect(ys[0]).toBe(0);
    expect(ys[2]).toBeGreaterThan(ys[1] ?? 0);
    expect(ys[3]).toBeGreaterThan(ys[2] ?? 0);
    expect(Math.max(...ys)).toBe(1);
    expect(ys[4]).toBe(1); // the climax is the top
    expect(points[3]?.color).toBe('var(--failed)');
    expect(points[4]?.color).toBe('var(--failed)');
  });

  it('comes back down to rest when a resumed run resolves', () => {
    const points = arcPoints(
      [
        event(1, 'run.started', 'exposition'),
        event(2, 'step.failed', 'tension', { stepId: 'review' }),
        event(3, 'run.resumed', 'return'),
        event(4, 'step.succeeded', 'beat', { stepId: 'review' }),
        event(5, 'run.succeeded', 'resolution'),
      ],
      steps,
    );
    const last = points.at(-1);
    expect(last?.y).toBeLessThan(points[1]?.y ?? 0);
    expect(last?.color).toBe('var(--succeeded)');
  });

  it('numbers the sentences worth reading and leaves the small rises unnumbered', () => {
    const points = arcPoints(
      [
        event(1, 'run.started', 'exposition'),
        event(2, 'step.started', 'rising', { stepId: 'build' }),
        event(3, 'step.succeeded', 'beat', { stepId: 'build' }),
      ],
      steps,
    );
    expect(points.map((p) => p.n)).toEqual([1, null, 2]);
  });

  it("colours a step's beat by its universe", () => {
    const points = arcPoints([event(1, 'step.succeeded', 'beat', { stepId: 'review' })], steps);
    expect(points[0]?.color).toBe('var(--ceremony)');
  });

  it('places events by their time', () => {
    const at = '2026-01-01T12:00:07.000Z';
    const [point] = arcPoints([event(1, 'run.started', 'exposition', { at })], steps);
    expect(point?.t).toBe(Date.parse(at));
  });
});

describe('smoothPath', () => {
  it('draws nothing for no points and a single move for one', () => {
    expect(smoothPath([])).toBe('');
    expect(smoothPath([{ x: 1, y: 2 }])).toBe('M1,2');
  });

  it('never overshoots a peak: no control point rises above it', () => {
    const d = smoothPath([
      { x: 0, y: 100 },
      { x: 50, y: 10 },
      { x: 100, y: 100 },
    ]);
    expect(d.startsWith('M0.0,100.0')).toBe(true);
    const ys = [...d.matchAll(/(-?\d+\.\d),(-?\d+\.\d)/g)].map((m) => Number(m[2]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(10);
  });
});
