import { type DestinationStream, destination, type Logger, pino } from 'pino';
import { readableLogLine } from './observability/readable-log-line.ts';

export type { Logger };

/**
 * The runner service's logs, on stderr (stdout stays for the CLI's output): one JSON object
 * a line when stderr is a file or a pipe (a log collector reads it), one readable line each
 * on a terminal. `readable` overrides the choice.
 */
export function createLogger(
  options: { level?: string; name?: string; readable?: boolean } = {},
): Logger {
  const readable = options.readable ?? process.stderr.isTTY === true;
  return pino(
    { name: options.name ?? 'arcflow', level: options.level ?? 'info' },
    readable ? readableStderr() : destination(2),
  );
}

function readableStderr(): DestinationStream {
  return { write: (line: string) => void process.stderr.write(readableLogLine(line)) };
}
