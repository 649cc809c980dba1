import { Cron } from 'croner';

/**
 * Cron in Arcflow: 5 fields (minute first) or 6 (seconds first), `@daily`-style nicknames,
 * evaluated in an IANA time zone (UTC by default). croner computes the times; no timer is
 * ever started here (a `Cron` without a function schedules nothing).
 */

export interface CronSchedule {
  cron: string;
  timezone?: string;
}

/** Why `cron` is not a valid expression, or undefined when it is. */
export function cronProblem(cron: string): string | undefined {
  try {
    parseCron(cron, undefined);
    return undefined;
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : '';
    return `invalid cron ${JSON.stringify(cron)}: ${detail}; write 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. "0 3 * * 1-5"`;
  }
}

/** Whether `timezone` is an IANA time zone this runtime knows. */
export function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** The time zones this runtime knows, for suggestions. */
export function knownTimezones(): readonly string[] {
  const withValues = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return withValues.supportedValuesOf?.('timeZone') ?? [];
}

/**
 * The next `count` fire times strictly after `from`, for the UI ("next: Mon 03:00") and the
 * scheduler. Across daylight saving time, as Vixie cron and croner do: a fixed local time
 * that does not exist that day (02:30 when clocks jump from 02:00 to 03:00) fires when the
 * gap ends, one that happens twice fires once (the first); interval schedules (every 30
 * minutes) keep their pace in elapsed time.
 */
export function nextFireTimes(schedule: CronSchedule, from: Date, count: number): Date[] {
  if (count <= 0) return [];
  return parseCron(schedule.cron, schedule.timezone).nextRuns(count, from);
}

/** The latest fire time at or before `at`, or undefined: what a catch-up fires for. */
export function previousFireTime(schedule: CronSchedule, at: Date): Date | undefined {
  const cron = parseCron(schedule.cron, schedule.timezone);
  const [previous] = cron.previousRuns(1, new Date(at.getTime() + 1000));
  return previous;
}

function parseCron(cron: string, timezone: string | undefined): Cron {
  return new Cron(cron.trim(), {
    mode: '5-or-6-parts',
    ...(timezone === undefined ? { timezone: 'Etc/UTC' } : { timezone }),
  });
}
