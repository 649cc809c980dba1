import { expect, it } from 'vitest';
import { DagStore } from './dag-store';

it('tells a group how many of its members are in each status, and only its own', () => {
  const store = new DagStore();
  expect(store.counts(['a', 'b'])).toBe('');
  store.update(
    new Map([
      ['a', 'failed'],
      ['b', 'skipped'],
      ['c', 'skipped'],
      ['d', 'succeeded'],
    ]),
    new Map(),
  );
  expect(store.counts(['a', 'b', 'c'])).toBe('failed:1,skipped:2');
});

it('tells its listeners of a change, and of a new found step only when it is new', () => {
  const store = new DagStore();
  let calls = 0;
  const stop = store.subscribe(() => calls++);
  store.setFound('a');
  store.setFound('a');
  expect(calls).toBe(1);
  expect(store.isFound('a')).toBe(true);
  stop();
  store.setFound('b');
  expect(calls).toBe(1);
});
