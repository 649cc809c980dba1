import { describe, expect, it } from 'vitest';
import { pathTo, tensionStep } from './failing-path';

const steps = [
  { id: 'setup', dependsOn: [] },
  { id: 'fetch', dependsOn: ['setup'] },
  { id: 'lint', dependsOn: ['setup'] },
  { id: 'compile', dependsOn: ['fetch'] },
  { id: 'tests', dependsOn: ['compile', 'lint'] },
  { id: 'docs', dependsOn: ['fetch'] },
  { id: 'ship', dependsOn: ['tests', 'docs'] },
];

describe('pathTo', () => {
  it('is the step and all of its ancestors, nothing after or beside it', () => {
    expect([...pathTo(steps, 'tests')].sort()).toEqual([
      'compile',
      'fetch',
      'lint',
      'setup',
      'tests',
    ]);
  });

  it('walks a 5,000-step chain without overflowing the stack', () => {
    const chain = Array.from({ length: 5000 }, (_, i) => ({
      id: `s${i}`,
      dependsOn: i ? [`s${i - 1}`] : [],
    }));
    expect(pathTo(chain, 's4999').size).toBe(5000);
  });

  it('is empty for a step the graph does not have', () => {
    expect(pathTo(steps, 'nope').size).toBe(0);
  });
});

describe('tensionStep', () => {
  it('is the failed step that finished first', () => {
    expect(
      tensionStep([
        { id: 'a', status: 'succeeded', finishedAt: '2026-01-01T00:00:01Z' },
        { id: 'b', status: 'failed', finishedAt: '2026-01-01T00:00:09Z' },
        { id: 'c', status: 'failed', finishedAt: '2026-01-01T00:00:05Z' },
        { id: 'd', status: 'skipped', finishedAt: null },
      ]),
    ).toBe('c');
  });

  it('is null when nothing failed', () => {
    expect(tensionStep([{ id: 'a', status: 'running' }])).toBeNull();
  });
});
