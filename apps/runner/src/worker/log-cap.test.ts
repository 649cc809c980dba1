import type { LogStream } from '@arcflow/engine';
import { describe, expect, it } from 'vitest';
import { formatBytes, LogCap } from './log-cap.ts';

interface Line {
  stream: LogStream;
  text: string;
}

function capped(maxBytes: number) {
  const out: Line[] = [];
  const cap = new LogCap<Line>(
    maxBytes,
    (stream, text) => ({ stream, text }),
    (line) => out.push(line),
  );
  return { cap, out };
}

describe('LogCap', () => {
  it('passes a log within the cap as it is', () => {
    const { cap, out } = capped(1000);
    for (let i = 0; i < 10; i++) cap.push({ stream: 'stdout', text: `line ${i}` });
    cap.finish();
    expect(out.map((l) => l.text)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i}`));
  });

  it('keeps the head at once and the tail at the end, saying what was dropped between', () => {
    const { cap, out } = capped(200); // 100 bytes each side; each line is 10 bytes
    for (let i = 0; i < 1000; i++)
      cap.push({ stream: 'stdout', text: `l${String(i).padStart(8, '0')}` });
    const live = out.length;
    expect(out.slice(0, 10).map((l) => l.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `l${String(i).padStart(8, '0')}`),
    );
    expect(out[10]).toEqual({
      stream: 'system',
      text: '… the log reached 100 bytes: what follows is held back, and its last 100 bytes are stored when the step ends …',
    });
    expect(live).toBe(11);
    cap.finish();
    expect(out[11]).toEqual({
      stream: 'system',
      text: '… 980 lines (9.8 kB) dropped; the last 100 bytes (10 lines) follow …',
    });
    expect(out.slice(12).map((l) => l.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `l${String(990 + i).padStart(8, '0')}`),
    );
  });

  it('counts UTF-8 bytes and keeps the streams of the tail lines', () => {
    const { cap, out } = capped(20);
    cap.push({ stream: 'stdout', text: 'ééééé' }); // 11 bytes: over the 10-byte head
    cap.push({ stream: 'stderr', text: 'err' });
    cap.finish();
    expect(out.map((l) => [l.stream, l.text])).toEqual([
      ['system', expect.stringContaining('the log reached 10 bytes')],
      ['system', '… 1 line (11 bytes) dropped; the last 4 bytes (1 line) follow …'],
      ['stderr', 'err'],
    ]);
  });

  it('says sizes the way people read them', () => {
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(5_000_000)).toBe('5.0 MB');
    expect(formatBytes(183_400_000)).toBe('183 MB');
    expect(formatBytes(1_843_220_000)).toBe('1,843 MB');
  });
});
