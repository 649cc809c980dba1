import { describe, expect, it } from 'vitest';
import { ReadySteps } from './ready-steps.ts';

const read = (ready: ReadySteps, limit = Number.POSITIVE_INFINITY) => {
  const found: number[] = [];
  for (const i of ready.inOrder()) {
    found.push(i);
    if (found.length === limit) break;
  }
  return found;
};

describe('ReadySteps', () => {
  it('reads the ready steps earliest-declared first, whatever order they came in', () => {
    const ready = new ReadySteps(10);
    for (const i of [7, 2, 9, 0, 5]) ready.add(i);
    expect(read(ready)).toEqual([0, 2, 5, 7, 9]);
  });

  it('forgets a removed step and takes it back when it is ready again, once', () => {
    const ready = new ReadySteps(10);
    for (const i of [3, 1, 4]) ready.add(i);
    ready.delete(1);
    expect(read(ready)).toEqual([3, 4]);
    ready.add(1);
    ready.add(1);
    ready.delete(4);
    expect(read(ready)).toEqual([1, 3]);
    expect(ready.has(1)).toBe(true);
    expect(ready.has(4)).toBe(false);
  });

  it('keeps every step when a reader stops early', () => {
    const ready = new ReadySteps(100);
    for (let i = 99; i >= 0; i--) ready.add(i);
    expect(read(ready, 3)).toEqual([0, 1, 2]);
    ready.delete(0);
    expect(read(ready, 3)).toEqual([1, 2, 3]);
    expect(read(ready)).toHaveLength(99);
  });
});
