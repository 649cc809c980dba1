import { describe, expect, it } from 'vitest';
import { nestedBars } from './sub-workflow-bars';

describe('nestedBars', () => {
  it("places each child step over the child run's own span; a step not started has no bar", () => {
    const bars = nestedBars(
      [
        {
          id: 'cut',
          status: 'succeeded',
          startedAt: '2026-01-01T00:00:00.000Z',
          finishedAt: '2026-01-01T00:00:01.000Z',
        },
        {
          id: 'publish',
          status: 'failed',
          startedAt: '2026-01-01T00:00:01.000Z',
          finishedAt: '2026-01-01T00:00:04.000Z',
        },
        { id: 'announce', status: 'skipped', startedAt: null, finishedAt: null },
      ],
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:04.000Z',
      Date.parse('2026-01-01T00:01:00.000Z'),
    );
    expect(bars.map((bar) => [bar.id, bar.span])).toEqual([
      ['cut', { left: 0, width: 25 }],
      ['publish', { left: 25, width: 75 }],
      ['announce', null],
    ]);
  });

  it('runs a running step up to now while the child has not ended', () => {
    const [bar] = nestedBars(
      [{ id: 'wait', status: 'running', startedAt: '2026-01-01T00:00:02.000Z', finishedAt: null }],
      '2026-01-01T00:00:00.000Z',
      null,
      Date.parse('2026-01-01T00:00:04.000Z'),
    );
    expect(bar?.span).toEqual({ left: 50, width: 50 });
  });
});
