import { describe, expect, it } from 'vitest';
import { downstreamIndexes, indexGraph } from './indexed-graph.ts';

const step = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

describe('indexGraph', () => {
  it('numbers steps in declaration order, with edges both ways', () => {
    const steps = [
      step('deploy', 'test', 'lint'),
      step('test', 'build'),
      step('build'),
      step('lint', 'build'),
    ];
    const graph = indexGraph(steps);
    expect(graph.ids).toEqual(['deploy', 'test', 'build', 'lint']);
    expect([...graph.indexOf]).toEqual([
      ['deploy', 0],
      ['test', 1],
      ['build', 2],
      ['lint', 3],
    ]);
    expect(graph.deps).toEqual([[1, 3], [2], [], [2]]);
    expect(graph.dependents).toEqual([[], [0], [1, 3], [0]]);
    expect(graph.unresolved).toEqual([[], [], [], []]);
  });

  it('keeps the step objects it was given, so callers get their own step type back', () => {
    const steps = [
      { ...step('a'), action: 'noop' },
      { ...step('b', 'a'), action: 'shell' },
    ];
    const graph = indexGraph(steps);
    expect(graph.steps[1]).toBe(steps[1]);
    expect(graph.steps.map((s) => s.action)).toEqual(['noop', 'shell']);
  });

  it('keeps the first declaration of a repeated id and counts a repeated dependency once', () => {
    const graph = indexGraph([step('a'), step('b', 'a', 'a'), step('a', 'b')]);
    expect(graph.ids).toEqual(['a', 'b']);
    expect(graph.steps.map((s) => s.dependsOn)).toEqual([[], ['a', 'a']]);
    expect(graph.deps).toEqual([[], [0]]);
    expect(graph.dependents).toEqual([[1], []]);
  });

  it('leaves dependencies on unknown ids out of the edges and lists them per step', () => {
    const graph = indexGraph([step('a', 'ghost'), step('b', 'a', 'phantom', 'ghost')]);
    expect(graph.deps).toEqual([[], [0]]);
    expect(graph.unresolved).toEqual([['ghost'], ['phantom', 'ghost']]);
  });

  it('indexes no steps', () => {
    expect(indexGraph([])).toMatchObject({ ids: [], deps: [], dependents: [], unresolved: [] });
  });
});

describe('downstreamIndexes', () => {
  // a -> b -> d, a -> c -> d, d -> e; f alone
  const graph = indexGraph([
    step('a'),
    step('b', 'a'),
    step('c', 'a'),
    step('d', 'c', 'b'),
    step('e', 'd'),
    step('f'),
  ]);

  it('walks dependents breadth-first, each step once, without the start', () => {
    expect(downstreamIndexes(graph, 0)).toEqual([1, 2, 3, 4]);
    expect(downstreamIndexes(graph, 2)).toEqual([3, 4]);
    expect(downstreamIndexes(graph, 5)).toEqual([]);
  });

  it('stops at a cycle back to the start', () => {
    const cyclic = indexGraph([step('a', 'c'), step('b', 'a'), step('c', 'b')]);
    expect(downstreamIndexes(cyclic, 0)).toEqual([1, 2]);
  });

  it('walks a 10,000-step chain', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) =>
      i === 0 ? step('s0') : step(`s${i}`, `s${i - 1}`),
    );
    expect(downstreamIndexes(indexGraph(chain), 0)).toHaveLength(9_999);
  });
});
