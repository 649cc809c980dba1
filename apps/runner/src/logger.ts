import { destination, type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs for the runner service (stderr, so stdout stays for the CLI's output). */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({ name: options.name ?? 'arcflow', level: options.level ?? 'info' }, destination(2));
}
