import { describe, expect, it } from 'vitest';
import { cronProblem, isKnownTimezone, nextFireTimes, previousFireTime } from './schedule.ts';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const paris = (cron: string) => ({ cron, timezone: 'Europe/Paris' });

describe('nextFireTimes', () => {
  it('keeps a weekday schedule at 03:00 Paris time across the spring change to summer time', () => {
    // 2026-03-29: clocks go from 02:00 CET (UTC+1) to 03:00 CEST (UTC+2).
    const times = nextFireTimes(paris('0 3 * * 1-5'), new Date('2026-03-26T12:00:00Z'), 3);
    expect(iso(times)).toEqual([
      '2026-03-27T02:00:00.000Z', // Friday, 03:00 CET
      '2026-03-30T01:00:00.000Z', // Monday, 03:00 CEST: the weekend is skipped, the hour moved
      '2026-03-31T01:00:00.000Z',
    ]);
  });

  it('fires a local time that the spring change skips when the gap ends, and once when autumn repeats it', () => {
    const spring = nextFireTimes(paris('30 2 * * *'), new Date('2026-03-28T12:00:00Z'), 2);
    expect(iso(spring)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    // 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice and fires once.
    const autumn = nextFireTimes(paris('30 2 * * *'), new Date('2026-10-24T12:00:00Z'), 2);
    expect(iso(autumn)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('reads 6 fields as seconds first, and defaults to UTC', () => {
    const times = nextFireTimes({ cron: '*/20 * * * * *' }, new Date('2026-01-01T00:00:00Z'), 3);
    expect(iso(times)).toEqual([
      '2026-01-01T00:00:20.000Z',
      '2026-01-01T00:00:40.000Z',
      '2026-01-01T00:01:00.000Z',
    ]);
    expect(iso(nextFireTimes({ cron: '0 3 * * *' }, new Date('2026-01-01T00:00:00Z'), 1))).toEqual([
      '2026-01-01T03:00:00.000Z',
    ]);
  });

  it('gives nothing for a count of 0', () => {
    expect(nextFireTimes({ cron: '* * * * *' }, new Date(0), 0)).toEqual([]);
  });
});

describe('previousFireTime', () => {
  it('is the latest tick at or before the time, what a catch-up fires for', () => {
    const tick = previousFireTime({ cron: '0 3 * * *' }, new Date('2026-01-02T10:00:00Z'));
    expect(tick?.toISOString()).toBe('2026-01-02T03:00:00.000Z');
    const exact = previousFireTime({ cron: '0 3 * * *' }, new Date('2026-01-02T03:00:00Z'));
    expect(exact?.toISOString()).toBe('2026-01-02T03:00:00.000Z');
  });
});

describe('cronProblem', () => {
  it.each(['0 3 * * 1-5', '*/5 * * * * *', '@daily', '0 0 1 JAN *'])('accepts %s', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });

  it.each([
    ['61 * * * *', 'Invalid value for minute: 61'],
    ['* * * *', 'five, six, or seven'],
    ['* * * * * * *', 'requires exactly 5 or 6 parts'],
    ['every day', 'five, six, or seven'],
  ])('refuses %s', (cron, detail) => {
    expect(cronProblem(cron)).toContain(detail);
    expect(cronProblem(cron)).toContain('write 5 fields');
  });
});

describe('isKnownTimezone', () => {
  it('knows IANA names and refuses others', () => {
    expect(isKnownTimezone('Europe/Paris')).toBe(true);
    expect(isKnownTimezone('UTC')).toBe(true);
    expect(isKnownTimezone('Europe/Pariss')).toBe(false);
    expect(isKnownTimezone('Mars/Olympus')).toBe(false);
  });
});
