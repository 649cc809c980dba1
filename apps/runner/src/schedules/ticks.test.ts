import { describe, expect, it } from 'vitest';
import { catchUpTick, dueTick, nextTick, type ScheduleEntry, tickDeliveryId } from './ticks.ts';

const hourly: ScheduleEntry = { workflowName: 'report', cron: '0 * * * *', catchUp: true };
const at = (iso: string) => new Date(iso);

describe('catchUpTick', () => {
  it('fires once, for the latest tick missed since the last fire', () => {
    const tick = catchUpTick(hourly, at('2026-12-02T10:20:00Z'), at('2026-12-02T07:00:00Z'));
    expect(tick?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });

  it('fires nothing when nothing was missed, without catch_up, or for a schedule that never fired', () => {
    expect(catchUpTick(hourly, at('2026-12-02T10:20:00Z'), at('2026-12-02T10:00:00Z'))).toBeNull();
    expect(
      catchUpTick(
        { ...hourly, catchUp: false },
        at('2026-12-02T10:20:00Z'),
        at('2026-12-02T07:00:00Z'),
      ),
    ).toBeNull();
    expect(catchUpTick(hourly, at('2026-12-02T10:20:00Z'), null)).toBeNull();
  });
});

describe('dueTick and nextTick', () => {
  const everyTwoSeconds: ScheduleEntry = {
    workflowName: 'x',
    cron: '*/2 * * * * *',
    catchUp: false,
  };

  it('fires the tick that was due, or the latest one when the timer woke late', () => {
    const due = at('2026-12-02T10:00:02Z');
    expect(dueTick(everyTwoSeconds, due, at('2026-12-02T10:00:02.004Z'))).toEqual(due);
    expect(dueTick(everyTwoSeconds, due, at('2026-12-02T10:00:07.5Z')).toISOString()).toBe(
      '2026-12-02T10:00:06.000Z',
    );
    expect(nextTick(everyTwoSeconds, due)?.toISOString()).toBe('2026-12-02T10:00:04.000Z');
  });

  it('names a tick the same on every runner', () => {
    expect(
      tickDeliveryId({ ...hourly, timezone: 'Europe/Paris' }, at('2026-12-02T10:00:00Z')),
    ).toBe('schedule:report:0 * * * * Europe/Paris:2026-12-02T10:00:00.000Z');
  });
});
