import { describe, expect, it } from 'vitest';
import { LogBuffer, type LogLine } from './log-buffer.ts';

const line = (text: string): LogLine => ({
  runId: 'r',
  stepId: 's',
  attempt: 1,
  stream: 'stdout',
  text,
  at: new Date(0),
});

describe('LogBuffer', () => {
  it('hands a transition its lines only after every write already started has landed, and writes nothing while it holds them', async () => {
    const stored: string[] = [];
    let release = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const buffer = new LogBuffer(async (lines) => {
      if (stored.length === 0) await slow; // the first write is still on its way
      stored.push(...lines.map((l) => l.text));
    }, 60_000);
    buffer.push(line('one'));
    void buffer.flush();
    buffer.push(line('two'));
    void buffer.flush(); // queued behind the first
    buffer.push(line('three'));

    const taking = buffer.takeAndHold();
    void buffer.flush(); // held: 'three' is the transition's, not written now
    release();
    const taken = await taking;
    expect(stored).toEqual(['one', 'two']);
    expect(taken.map((l) => l.text)).toEqual(['three']);

    buffer.push(line('four'));
    await buffer.flush();
    expect(stored).toEqual(['one', 'two']); // still held while the transition stores its lines
    stored.push('three');
    buffer.release();
    await buffer.close();
    expect(stored).toEqual(['one', 'two', 'three', 'four']);
  });
});
