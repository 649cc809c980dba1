import { describe, expect, it } from 'vitest';
import { contractFanOuts, countStatuses, countsText, fanOutGroups } from './fan-out';
import { groupSteps, groupsAround, visibleGraph } from './grouping';

/** build → test (a 2×2 matrix less one: three instances and the join) → report. */
const MATRIX = [
  { id: 'build', universe: 'engineer', dependsOn: [] },
  { id: 'test[20,linux]', universe: 'engineer', dependsOn: ['build'], instanceOf: 'test' },
  { id: 'test[22,linux]', universe: 'engineer', dependsOn: ['build'], instanceOf: 'test' },
  { id: 'test[22,mac]', universe: 'engineer', dependsOn: ['build'], instanceOf: 'test' },
  {
    id: 'test',
    universe: 'engineer',
    dependsOn: ['test[20,linux]', 'test[22,linux]', 'test[22,mac]'],
    fanOut: 'matrix' as const,
  },
  { id: 'report', universe: 'story', dependsOn: ['test'] },
];

describe('fanOutGroups', () => {
  it('groups a fanned-out step with its instances, labelled by the step and how it fans out', () => {
    const { groups, groupOf } = fanOutGroups(MATRIX);
    expect(groups).toEqual([
      {
        id: 'group:fan:test',
        label: 'test · matrix',
        kind: 'fan-out',
        fan: {
          join: 'test',
          kind: 'matrix',
          instances: ['test[20,linux]', 'test[22,linux]', 'test[22,mac]'],
        },
        members: ['test[20,linux]', 'test[22,linux]', 'test[22,mac]', 'test'],
        children: [],
      },
    ]);
    expect(groupOf.get('build')).toBeUndefined();
    expect(groupOf.get('test')).toBe('group:fan:test');
  });

  it('makes no group for a for_each step that has not expanded yet', () => {
    const { groups } = fanOutGroups([{ id: 'each', dependsOn: [], fanOut: 'for_each' }]);
    expect(groups).toEqual([]);
  });
});

describe('contractFanOuts', () => {
  it('stands each group as one step: needs in, dependents out', () => {
    const { groupOf } = fanOutGroups(MATRIX);
    expect(contractFanOuts(MATRIX, groupOf).map((s) => [s.id, s.dependsOn])).toEqual([
      ['build', []],
      ['group:fan:test', ['build']],
      ['report', ['group:fan:test']],
    ]);
  });
});

describe('a small graph with a matrix', () => {
  const grouping = groupSteps(MATRIX);

  it('is grouped only by its fan-out, not by universe', () => {
    expect(grouping?.large).toBe(false);
    expect(grouping?.groups.map((g) => g.id)).toEqual(['group:fan:test']);
    expect(groupsAround(grouping, 'test[22,mac]')).toEqual(['group:fan:test']);
  });

  it('draws the group collapsed as one node between its needs and its dependents', () => {
    const { nodes, edges } = visibleGraph(MATRIX, grouping, new Set());
    expect(nodes.map((n) => n.id)).toEqual(['build', 'group:fan:test', 'report']);
    expect(edges.map((e) => [e.source, e.target, e.count])).toEqual([
      ['build', 'group:fan:test', 3],
      ['group:fan:test', 'report', 1],
    ]);
  });

  it('expanded, draws each instance into its join', () => {
    const { nodes, edges } = visibleGraph(MATRIX, grouping, new Set(['group:fan:test']));
    expect(nodes.map((n) => n.id)).toEqual([
      'build',
      'test[20,linux]',
      'test[22,linux]',
      'test[22,mac]',
      'test',
      'report',
    ]);
    expect(edges.filter((e) => e.target === 'test').map((e) => e.source)).toHaveLength(3);
    expect(edges.some((e) => e.source === 'test' && e.target === 'report')).toBe(true);
  });
});

describe('a large graph with a matrix', () => {
  // 300 chained steps, then the matrix after the last of them.
  const chain = Array.from({ length: 300 }, (_, i) => ({
    id: `s${i}`,
    universe: 'engineer',
    dependsOn: i === 0 ? [] : [`s${i - 1}`],
  }));
  const steps = [
    ...chain,
    ...MATRIX.map((s) => ({ ...s, dependsOn: s.id === 'build' ? ['s299'] : s.dependsOn })),
  ];
  const grouping = groupSteps(steps);

  it('puts the whole fan-out in one layer group, inside which it is one group', () => {
    expect(grouping?.large).toBe(true);
    const path = groupsAround(grouping, 'test[22,mac]');
    // engineer, its layers around the matrix, the matrix.
    expect(path).toHaveLength(3);
    expect(path.at(-1)).toBe('group:fan:test');
    expect(groupsAround(grouping, 'test')).toEqual(path);
    const layer = grouping?.byId.get(path[1] as string);
    expect(layer?.kind).toBe('layers');
    expect(layer?.members).toContain('test[22,mac]');
    expect(layer?.members).not.toContain('group:fan:test');
  });

  it('shows the fan-out collapsed when its layer group is expanded', () => {
    const around = groupsAround(grouping, 'test').slice(0, -1);
    const { nodes } = visibleGraph(steps, grouping, new Set(around));
    const ids = nodes.map((n) => n.id);
    expect(ids).toContain('group:fan:test');
    expect(ids).not.toContain('test[22,mac]');
  });
});

describe('countStatuses', () => {
  const statuses = new Map([
    ['a', 'running'],
    ['b', 'failed'],
    ['c', 'succeeded'],
    ['d', 'succeeded'],
  ]);

  it('counts outcomes first, with marks for succeeded and failed', () => {
    const counts = countStatuses(['a', 'b', 'c', 'd', 'e'], (id) => statuses.get(id));
    expect(counts.map((c) => [c.status, c.count])).toEqual([
      ['succeeded', 2],
      ['failed', 1],
      ['running', 1],
    ]);
    expect(countsText(counts)).toBe('2 ✓ 1 ✗ 1 running');
  });

  it('is empty when no member has a status (the editor)', () => {
    expect(countStatuses(['a'], () => undefined)).toEqual([]);
  });
});
