import { describe, expect, it } from 'vitest';
import {
  criticalPath,
  DependencyCycleError,
  dependentsOf,
  downstreamOf,
  findCycles,
  levels,
  topologicalOrder,
} from './graph.ts';

const step = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });

// validate -> build -> test -> deploy, with lint beside build and docs on its own.
const delivery = [
  step('validate'),
  step('docs'),
  step('deploy', 'test', 'lint'),
  step('test', 'build'),
  step('build', 'validate'),
  step('lint', 'validate'),
];

const chain = (length: number) =>
  Array.from({ length }, (_, i) => (i === 0 ? step('s0') : step(`s${i}`, `s${i - 1}`)));

describe('topologicalOrder', () => {
  it('puts dependencies first and breaks ties by declaration order', () => {
    expect(topologicalOrder(delivery)).toEqual([
      'validate',
      'docs',
      'build',
      'test',
      'lint',
      'deploy',
    ]);
  });

  it('keeps declaration order for independent steps', () => {
    expect(topologicalOrder([step('c'), step('a'), step('b')])).toEqual(['c', 'a', 'b']);
  });

  it('ignores dependencies on unknown steps', () => {
    expect(topologicalOrder([step('b', 'ghost'), step('a')])).toEqual(['b', 'a']);
  });

  it('throws on a cycle, naming it', () => {
    const cyclic = [step('a', 'c'), step('b', 'a'), step('c', 'b'), step('d')];
    expect(() => topologicalOrder(cyclic)).toThrow(DependencyCycleError);
    expect(() => topologicalOrder(cyclic)).toThrow('dependency cycle: a -> b -> c -> a');
  });

  it('orders a 10,000-step chain declared backwards', () => {
    const steps = chain(10_000).reverse();
    const order = topologicalOrder(steps);
    expect(order).toHaveLength(10_000);
    expect(order[0]).toBe('s0');
    expect(order.at(-1)).toBe('s9999');
  });
});

describe('findCycles', () => {
  it('returns nothing for an acyclic graph', () => {
    expect(findCycles(delivery)).toEqual([]);
  });

  it('names the path in execution order, starting at the earliest-declared step', () => {
    const steps = [step('plan', 'polish'), step('build', 'plan'), step('polish', 'build')];
    expect(findCycles(steps)).toEqual([['plan', 'build', 'polish', 'plan']]);
  });

  it('starts at the earliest-declared step wherever the search enters the cycle', () => {
    const steps = [step('x', 'b'), step('a', 'b'), step('b', 'a')];
    expect(findCycles(steps)).toEqual([['a', 'b', 'a']]);
  });

  it('reports a self-dependency as a -> a', () => {
    expect(findCycles([step('a', 'a')])).toEqual([['a', 'a']]);
  });

  it('reports each distinct cycle once', () => {
    const steps = [step('a', 'b', 'c'), step('b', 'a'), step('c', 'a'), step('d', 'd')];
    expect(findCycles(steps)).toEqual([
      ['a', 'b', 'a'],
      ['a', 'c', 'a'],
      ['d', 'd'],
    ]);
  });

  it('ignores missing dependencies and repeated entries', () => {
    expect(findCycles([step('a', 'ghost', 'b', 'b'), step('b', 'a')])).toEqual([['a', 'b', 'a']]);
  });

  it('stops at the limit', () => {
    expect(findCycles([step('a', 'a'), step('b', 'b')], 1)).toEqual([['a', 'a']]);
  });

  it('handles a 10,000-step cycle without overflowing the stack', () => {
    const steps = chain(10_000);
    steps[0] = step('s0', 's9999');
    const cycles = findCycles(steps);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(10_001);
    expect(cycles[0]?.slice(0, 3)).toEqual(['s0', 's1', 's2']);
    expect(cycles[0]?.at(-1)).toBe('s0');
  });
});

describe('levels', () => {
  it('places each step one level below its deepest dependency', () => {
    expect(levels(delivery)).toEqual([
      ['validate', 'docs'],
      ['build', 'lint'],
      ['test'],
      ['deploy'],
    ]);
  });

  it('returns no levels for no steps', () => {
    expect(levels([])).toEqual([]);
  });

  it('handles a 10,000-step chain', () => {
    const result = levels(chain(10_000));
    expect(result).toHaveLength(10_000);
    expect(result[9_999]).toEqual(['s9999']);
  });
});

describe('criticalPath', () => {
  const durations: Record<string, number> = {
    validate: 1_000,
    docs: 30_000,
    build: 10_000,
    lint: 15_000,
    test: 20_000,
    deploy: 5_000,
  };

  it('finds the longest chain by summed durations', () => {
    expect(criticalPath(delivery, (id) => durations[id] ?? 0)).toEqual({
      path: ['validate', 'build', 'test', 'deploy'],
      durationMs: 36_000,
    });
  });

  it('prefers a heavy single step over a light chain', () => {
    expect(criticalPath(delivery, (id) => (id === 'docs' ? 60_000 : 1))).toEqual({
      path: ['docs'],
      durationMs: 60_000,
    });
  });

  it('breaks ties by declaration order', () => {
    const steps = [step('a'), step('b'), step('c', 'b', 'a')];
    expect(criticalPath(steps, () => 1)).toEqual({ path: ['a', 'c'], durationMs: 2 });
  });

  it('is empty for no steps', () => {
    expect(criticalPath([], () => 1)).toEqual({ path: [], durationMs: 0 });
  });

  it('handles a 10,000-step chain', () => {
    const result = criticalPath(chain(10_000), () => 2);
    expect(result.path).toHaveLength(10_000);
    expect(result.durationMs).toBe(20_000);
  });
});

describe('dependentsOf and downstreamOf', () => {
  it('lists direct dependents in declaration order', () => {
    expect(dependentsOf(delivery, 'validate')).toEqual(['build', 'lint']);
    expect(dependentsOf(delivery, 'deploy')).toEqual([]);
    expect(dependentsOf(delivery, 'ghost')).toEqual([]);
  });

  it('collects every transitive dependent', () => {
    expect(downstreamOf(delivery, 'validate')).toEqual(
      new Set(['build', 'lint', 'test', 'deploy']),
    );
    expect(downstreamOf(delivery, 'lint')).toEqual(new Set(['deploy']));
    expect(downstreamOf(delivery, 'docs')).toEqual(new Set());
    expect(downstreamOf(delivery, 'ghost')).toEqual(new Set());
  });

  it('never includes the step itself, even in a cycle', () => {
    expect(downstreamOf([step('a', 'b'), step('b', 'a')], 'a')).toEqual(new Set(['b']));
  });

  it('walks a 10,000-step chain', () => {
    expect(downstreamOf(chain(10_000), 's0').size).toBe(9_999);
  });
});
