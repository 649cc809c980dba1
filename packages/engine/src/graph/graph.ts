import { DependencyCycleError } from './cycle-error.ts';
import { cyclesOf } from './cycles.ts';
import { downstreamIndexes, type IndexedGraph, indexGraph } from './indexed-graph.ts';
import { MinHeap } from './min-heap.ts';
import type { GraphStep } from './types.ts';

export { DependencyCycleError } from './cycle-error.ts';
export { findCycles } from './cycles.ts';
export type { GraphStep } from './types.ts';

/**
 * Step ids in an order where every step comes after its dependencies. Among steps that are
 * ready at the same time, the one declared first comes first. Throws on a cycle.
 */
export function topologicalOrder(steps: readonly GraphStep[]): string[] {
  const graph = indexGraph(steps);
  return orderIndexes(graph).map((index) => graph.ids[index]!);
}

/** Level 0 holds steps without dependencies; a step sits one level below its deepest dependency. */
export function levels(steps: readonly GraphStep[]): string[][] {
  const graph = indexGraph(steps);
  const levelOf = new Int32Array(graph.ids.length);
  for (const index of orderIndexes(graph)) {
    for (const dep of graph.deps[index]!) {
      levelOf[index] = Math.max(levelOf[index]!, levelOf[dep]! + 1);
    }
  }
  const result: string[][] = [];
  graph.ids.forEach((id, index) => {
    const level = levelOf[index]!;
    while (result.length <= level) result.push([]);
    result[level]!.push(id);
  });
  return result;
}

/**
 * The chain of dependent steps with the largest summed duration: the shortest possible
 * wall-clock time of the whole run with unlimited parallelism. Ties go to the earlier-declared step.
 */
export function criticalPath(
  steps: readonly GraphStep[],
  durationMs: (id: string) => number,
): { path: string[]; durationMs: number } {
  const graph = indexGraph(steps);
  const count = graph.ids.length;
  const finish = new Float64Array(count);
  const previous = new Int32Array(count).fill(-1);
  for (const index of orderIndexes(graph)) {
    let best = -1;
    for (const dep of graph.deps[index]!) {
      const better =
        best === -1 || finish[dep]! > finish[best]! || (finish[dep] === finish[best] && dep < best);
      if (better) best = dep;
    }
    previous[index] = best;
    finish[index] = (best === -1 ? 0 : finish[best]!) + durationMs(graph.ids[index]!);
  }

  let end = -1;
  for (let index = 0; index < count; index++) {
    if (end === -1 || finish[index]! > finish[end]!) end = index;
  }
  if (end === -1) return { path: [], durationMs: 0 };
  const path: string[] = [];
  for (let index = end; index !== -1; index = previous[index]!) path.push(graph.ids[index]!);
  return { path: path.reverse(), durationMs: finish[end]! };
}

/** The steps that list `id` in their depends_on, in declaration order. */
export function dependentsOf(steps: readonly GraphStep[], id: string): string[] {
  const graph = indexGraph(steps);
  const index = graph.indexOf.get(id);
  if (index === undefined) return [];
  return graph.dependents[index]!.map((dependent) => graph.ids[dependent]!);
}

/** Every step that depends on `id` directly or transitively (not `id` itself). */
export function downstreamOf(steps: readonly GraphStep[], id: string): Set<string> {
  const graph = indexGraph(steps);
  const start = graph.indexOf.get(id);
  if (start === undefined) return new Set();
  return new Set(downstreamIndexes(graph, start).map((index) => graph.ids[index]!));
}

function orderIndexes(graph: IndexedGraph): number[] {
  const remaining = graph.deps.map((deps) => deps.length);
  const ready = new MinHeap();
  remaining.forEach((count, index) => {
    if (count === 0) ready.push(index);
  });
  const order: number[] = [];
  for (let index = ready.pop(); index !== undefined; index = ready.pop()) {
    order.push(index);
    for (const dependent of graph.dependents[index]!) {
      remaining[dependent]! -= 1;
      if (remaining[dependent] === 0) ready.push(dependent);
    }
  }
  if (order.length < graph.ids.length) throw new DependencyCycleError(cyclesOf(graph, 1)[0] ?? []);
  return order;
}
