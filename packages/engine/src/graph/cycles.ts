import { type IndexedGraph, indexGraph } from './indexed-graph.ts';
import type { GraphStep } from './types.ts';

const UNVISITED = 0;
const ON_STACK = 1;
const DONE = 2;

/**
 * Dependency cycles, each as a path in execution order (a dependency before the step that
 * depends on it) that starts at the cycle's earliest-declared step and repeats it at the end:
 * `['plan', 'build', 'polish', 'plan']`. A self-dependency is `['a', 'a']`.
 *
 * Each back edge of a depth-first search closes exactly one cycle, so every cycle reported is
 * distinct and every cyclic part of the graph gets at least one. Dependencies on unknown ids
 * are ignored. Iterative, so a 10,000-step chain does not overflow the stack.
 */
export function findCycles(
  steps: readonly GraphStep[],
  limit = Number.POSITIVE_INFINITY,
): string[][] {
  return cyclesOf(indexGraph(steps), limit);
}

/** `findCycles` on a graph already indexed. */
export function cyclesOf(graph: IndexedGraph, limit = Number.POSITIVE_INFINITY): string[][] {
  const { ids, deps } = graph;
  const state = new Uint8Array(ids.length);
  const stackPosition = new Int32Array(ids.length);
  const cycles: string[][] = [];

  for (let root = 0; root < ids.length && cycles.length < limit; root++) {
    if (state[root] !== UNVISITED) continue;
    const stack: number[] = [root];
    const nextEdge: number[] = [0];
    state[root] = ON_STACK;
    stackPosition[root] = 0;

    while (stack.length > 0 && cycles.length < limit) {
      const top = stack.length - 1;
      const node = stack[top]!;
      const edges = deps[node]!;
      const edge = nextEdge[top]!;
      if (edge === edges.length) {
        state[node] = DONE;
        stack.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[top] = edge + 1;
      const dep = edges[edge]!;
      if (state[dep] === UNVISITED) {
        state[dep] = ON_STACK;
        stackPosition[dep] = stack.length;
        stack.push(dep);
        nextEdge.push(0);
      } else if (state[dep] === ON_STACK) {
        // The stack from `dep` to `node` follows depends_on; execution order is the reverse.
        const members = stack.slice(stackPosition[dep]!).reverse();
        members.unshift(members.pop()!);
        cycles.push(startAtEarliest(members).map((index) => ids[index]!));
      }
    }
  }
  return cycles;
}

/** Rotates a cycle to start at its lowest (earliest-declared) index and closes it. */
function startAtEarliest(members: number[]): number[] {
  let start = 0;
  for (let i = 1; i < members.length; i++) if (members[i]! < members[start]!) start = i;
  const rotated = [...members.slice(start), ...members.slice(0, start)];
  rotated.push(rotated[0]!);
  return rotated;
}
