import type { IndexedGraph } from './indexed-graph.ts';
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
  return cyclesAmong(edgesOf(steps), limit);
}

/** `findCycles` on a graph already indexed. */
export function cyclesOf(graph: IndexedGraph, limit = Number.POSITIVE_INFINITY): string[][] {
  const start = new Int32Array(graph.ids.length + 1);
  const edges: number[] = [];
  graph.deps.forEach((deps, index) => {
    start[index] = edges.length;
    for (const dep of deps) edges.push(dep);
  });
  start[graph.ids.length] = edges.length;
  return cyclesAmong({ ids: graph.ids, start, edges: Int32Array.from(edges) }, limit);
}

/**
 * The dependency edges in two flat arrays: step i depends on `edges[start[i]]` up to
 * `edges[start[i + 1] - 1]`, declaration order, each once. No array per step: at 50,000
 * steps, per-step arrays and their garbage cost more than the search itself.
 */
export interface FlatEdges {
  ids: readonly string[];
  start: Int32Array;
  edges: Int32Array;
}

/** Like `indexGraph`: a repeated id keeps its first step; unknown dependencies are left out. */
function edgesOf(steps: readonly GraphStep[]): FlatEdges {
  const indexOf = new Map<string, number>();
  const ids: string[] = [];
  const declared: GraphStep[] = [];
  let count = 0;
  for (const step of steps) {
    if (indexOf.has(step.id)) continue;
    indexOf.set(step.id, ids.length);
    ids.push(step.id);
    declared.push(step);
    count += step.dependsOn.length;
  }
  const start = new Int32Array(ids.length + 1);
  const edges = new Int32Array(count);
  // lastDependent[d] === i: step i already lists d (a repeat in depends_on counts once).
  const lastDependent = new Int32Array(ids.length).fill(-1);
  let end = 0;
  for (let index = 0; index < declared.length; index++) {
    start[index] = end;
    for (const depId of declared[index]!.dependsOn) {
      const dep = indexOf.get(depId);
      if (dep === undefined || lastDependent[dep] === index) continue;
      lastDependent[dep] = index;
      edges[end++] = dep;
    }
  }
  start[ids.length] = end;
  return { ids, start, edges };
}

/** `findCycles` on flat edges; a step with no edges to or from it is simply never in one. */
export function cyclesAmong({ ids, start, edges }: FlatEdges, limit: number): string[][] {
  const state = new Uint8Array(ids.length);
  const stackPosition = new Int32Array(ids.length);
  const stack = new Int32Array(ids.length);
  // nextEdge[k]: the index in `edges` of the next dependency of stack[k] to follow.
  const nextEdge = new Int32Array(ids.length);
  const cycles: string[][] = [];

  for (let root = 0; root < ids.length && cycles.length < limit; root++) {
    if (state[root] !== UNVISITED) continue;
    let top = 0;
    stack[0] = root;
    nextEdge[0] = start[root]!;
    state[root] = ON_STACK;
    stackPosition[root] = 0;

    while (top >= 0 && cycles.length < limit) {
      const node = stack[top]!;
      const edge = nextEdge[top]!;
      if (edge === start[node + 1]) {
        state[node] = DONE;
        top--;
        continue;
      }
      nextEdge[top] = edge + 1;
      const dep = edges[edge]!;
      if (state[dep] === UNVISITED) {
        state[dep] = ON_STACK;
        top++;
        stackPosition[dep] = top;
        stack[top] = dep;
        nextEdge[top] = start[dep]!;
      } else if (state[dep] === ON_STACK) {
        // The stack from `dep` to `node` follows depends_on; execution order is the reverse.
        const members = Array.from(stack.subarray(stackPosition[dep]!, top + 1)).reverse();
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
