import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readableLogLine } from './readable-log-line.ts';

// Colours or not (picocolors decides at import), the test reads the words alone.

describe('a log line for a terminal', () => {
  it('shows the time, the level, the message and the fields on one line', () => {
    const time = new Date(2026, 11, 2, 14, 2, 7).getTime();
    const line = plain(
      readableLogLine(
        JSON.stringify({
          level: 30,
          time,
          pid: 7,
          hostname: 'vm',
          name: 'arcflow',
          msg: 'listening',
          url: 'http://127.0.0.1:4100',
          labels: ['gpu'],
          note: 'two words',
        }),
      ),
    );
    expect(line).toBe(
      '14:02:07 INFO  listening url=http://127.0.0.1:4100 labels=["gpu"] note="two words"\n',
    );
  });

  it("ends a warning with the error's message", () => {
    const line = plain(
      readableLogLine(
        JSON.stringify({
          level: 40,
          time: 0,
          msg: 'cannot reach the database',
          err: 'ECONNREFUSED',
        }),
      ),
    );
    expect(line).toMatch(/ WARN {2}cannot reach the database ECONNREFUSED\n$/);
  });

  it('passes a line that is not JSON through', () => {
    expect(readableLogLine('plain words')).toBe('plain words\n');
  });
});
