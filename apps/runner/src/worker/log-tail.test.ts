import { describe, expect, it } from 'vitest';
import { LogTail } from './log-tail.ts';

const text = (i: number) => `line ${String(i).padStart(6, '0')}`; // 11 characters, 12 bytes

describe('LogTail', () => {
  it('keeps exactly the last lines within its budget, across many blocks, with their stream and time', () => {
    const tail = new LogTail(120_000); // 10,000 lines of 12 bytes
    for (let i = 0; i < 50_000; i++) {
      tail.push(i % 3 === 0 ? 'stderr' : 'stdout', text(i), 12, new Date(1_000_000 + i));
    }
    expect([tail.lines, tail.bytes, tail.droppedLines, tail.droppedBytes]).toEqual([
      10_000, 120_000, 40_000, 480_000,
    ]);
    const kept = [...tail.drain()];
    expect(kept).toHaveLength(10_000);
    expect(kept[0]).toEqual({ stream: 'stdout', text: text(40_000), at: new Date(1_040_000) });
    expect(kept.at(-1)).toEqual({ stream: 'stdout', text: text(49_999), at: new Date(1_049_999) });
    expect(kept.every((line, i) => line.text === text(40_000 + i))).toBe(true);
    expect(kept.filter((line) => line.stream === 'stderr')).toHaveLength(3_333);
    expect([...tail.drain()]).toEqual([]);
  });

  it('drops even the newest line when it alone is over the budget', () => {
    const tail = new LogTail(10);
    tail.push('stdout', 'short', 6, undefined);
    tail.push('stdout', 'much too long', 14, undefined);
    expect([tail.lines, tail.droppedLines, tail.droppedBytes]).toEqual([0, 2, 20]);
    expect([...tail.drain()]).toEqual([]);
  });

  it('keeps lines without a time without one, and empty lines as empty', () => {
    const tail = new LogTail(100);
    tail.push('stdout', '', 1, undefined);
    tail.push('system', 'note', 5, undefined);
    expect([...tail.drain()]).toEqual([
      { stream: 'stdout', text: '', at: undefined },
      { stream: 'system', text: 'note', at: undefined },
    ]);
  });
});

describe('LogTail text', () => {
  it('keeps multi-byte text intact across the turns of its ring', () => {
    const tail = new LogTail(3_000_000);
    const line = (i: number) => `é ${i} ${'☃'.repeat(i % 50)}`;
    let kept = 0;
    for (let i = 0; i < 100_000; i++) {
      const text = line(i);
      tail.push('stdout', text, Buffer.byteLength(text) + 1, undefined);
      kept = tail.lines;
    }
    const lines = [...tail.drain()];
    expect(lines).toHaveLength(kept);
    expect(lines.every((l, i) => l.text === line(100_000 - kept + i))).toBe(true);
  });
});
