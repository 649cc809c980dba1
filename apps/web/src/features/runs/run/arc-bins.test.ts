import { describe, expect, it } from 'vitest';
import { event, step } from '@/test/fixtures';
import { arcPoints, arcPointsFromOutline, binSummary, type OutlineBin, storyCounts } from './arc';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString();

function bin(
  fromSeq: number,
  toSeq: number,
  counts: OutlineBin['counts'],
  peak = event(toSeq, 'step.succeeded', 'beat', { stepId: 'build' }),
): OutlineBin {
  return { fromSeq, toSeq, from: at(fromSeq), to: at(toSeq), counts, peak } as OutlineBin;
}

describe('the arc of a long story, in bins', () => {
  const steps = [step('build', 'succeeded'), step('deploy', 'failed')];
  const outline = [
    bin(1, 201, { exposition: 1, rising: 100, beat: 100 }),
    bin(202, 401, { rising: 100, beat: 100 }),
    bin(
      402,
      404,
      { rising: 1, tension: 1, climax: 1 },
      event(404, 'run.failed', 'climax', { text: 'The arc breaks at deploy' }),
    ),
  ];

  it('rises with the beats of each bin and peaks at the climax, as the events told one by one would', () => {
    const points = arcPointsFromOutline(outline, steps);
    expect(points).toHaveLength(3);
    const ys = points.map((p) => p.y);
    expect(ys[1]).toBeGreaterThan(ys[0] ?? 0);
    expect(ys[2]).toBe(1);
    // The same heights as the 404 events laid out one by one (each bin at its highest event).
    const events = [
      event(1, 'run.started', 'exposition'),
      ...Array.from({ length: 400 }, (_, i) =>
        event(i + 2, i % 2 ? 'step.succeeded' : 'step.started', i % 2 ? 'beat' : 'rising'),
      ),
      event(402, 'step.started', 'rising'),
      event(403, 'step.failed', 'tension'),
      event(404, 'run.failed', 'climax'),
    ];
    const one = arcPoints(events, steps);
    expect(ys[0]).toBeCloseTo(Math.max(...one.slice(0, 201).map((p) => p.y)), 5);
    expect(ys[1]).toBeCloseTo(Math.max(...one.slice(201, 401).map((p) => p.y)), 5);
  });

  it('numbers only the bins where something other than routine beats happened, in red when it broke', () => {
    const points = arcPointsFromOutline(outline, steps);
    expect(points.map((p) => p.n)).toEqual([null, null, 1]);
    expect(points[2]?.color).toBe('var(--failed)');
    expect(points.map((p) => p.size)).toEqual([201, 200, 3]);
  });

  it('tells what a bin holds in words', () => {
    expect(binSummary(outline[0] as OutlineBin)).toBe(
      '201 events: 1 opening, 100 starts, 100 beats',
    );
    expect(binSummary(outline[2] as OutlineBin)).toBe('3 events: 1 start, 1 tension, 1 climax');
  });

  it('counts the whole story from its outline, not from the latest events it came with', () => {
    const latest = [event(404, 'run.failed', 'climax')];
    expect(storyCounts(latest, outline)).toMatchObject({ beat: 200, tension: 1, climax: 1 });
    expect(storyCounts(latest, null)).toEqual({ climax: 1 });
  });
});
