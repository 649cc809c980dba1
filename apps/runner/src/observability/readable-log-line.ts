import pc from 'picocolors';

const LEVELS: Record<number, { name: string; paint: (text: string) => string }> = {
  10: { name: 'TRACE', paint: pc.gray },
  20: { name: 'DEBUG', paint: pc.gray },
  30: { name: 'INFO ', paint: pc.green },
  40: { name: 'WARN ', paint: pc.yellow },
  50: { name: 'ERROR', paint: pc.red },
  60: { name: 'FATAL', paint: pc.red },
};

/** Fields every pino line has, which the readable line shows in its own way or leaves out. */
const OWN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'err']);

/**
 * One pino JSON line as a person reads it on a terminal:
 * `14:02:07 INFO  listening url=http://127.0.0.1:4100 kind=postgres`, an error's message
 * after the fields and its stack (when there is one) on the lines below.
 */
export function readableLogLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = LEVELS[Number(entry.level)] ?? { name: String(entry.level), paint: pc.white };
  const time = typeof entry.time === 'number' ? new Date(entry.time) : new Date();
  const clock = time.toTimeString().slice(0, 8);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !OWN_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${pc.dim(`${key}=`)}${shown(value)}`);
  const err = entry.err as { message?: string; stack?: string } | string | undefined;
  const message = typeof err === 'string' ? err : err?.message;
  const stack = typeof err === 'object' && err?.stack ? `\n${pc.dim(err.stack)}` : '';
  return `${pc.dim(clock)} ${level.paint(level.name)} ${String(entry.msg ?? '')}${
    fields.length > 0 ? ` ${fields.join(' ')}` : ''
  }${message ? ` ${level.paint(message)}` : ''}${stack}\n`;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}
