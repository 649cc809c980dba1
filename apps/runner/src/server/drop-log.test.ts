import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DropLog } from './drop-log.ts';

/** A real pino logger writing its JSON lines into an array. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

describe('DropLog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes one line per address and reason at once, and one count when the minute ends', () => {
    const { logger, lines } = capturedLogger();
    const drops = new DropLog(logger);
    for (let i = 0; i < 10_000; i++)
      drops.warn('connection dropped', '10.0.0.1', 'too many connections');
    drops.warn('connection dropped', '10.0.0.1', 'header timeout');
    drops.warn('connection dropped', '10.0.0.2', 'too many connections');
    expect(lines).toHaveLength(3);
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({
      address: '10.0.0.1',
      reason: 'too many connections',
      repeated: 9_999,
    });
    // A new minute starts with a line of its own.
    drops.warn('connection dropped', '10.0.0.1', 'too many connections');
    expect(lines).toHaveLength(5);
  });

  it('counts drops from more addresses than it follows under one name', () => {
    const { logger, lines } = capturedLogger();
    const drops = new DropLog(logger, { maxAddresses: 2 });
    for (let i = 0; i < 100; i++) drops.warn('connection dropped', `10.0.1.${i}`, 'idle');
    expect(lines.map((line) => line.address)).toEqual(['10.0.1.0', '10.0.1.1', 'other addresses']);
  });

  it('writes what it still counts when closed', () => {
    const { logger, lines } = capturedLogger();
    const drops = new DropLog(logger);
    drops.warn('webhook refused', '10.0.0.3', 'too many refused deliveries');
    drops.warn('webhook refused', '10.0.0.3', 'too many refused deliveries');
    drops.close();
    expect(lines.at(-1)).toMatchObject({ address: '10.0.0.3', repeated: 1 });
  });
});
