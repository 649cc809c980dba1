import type { GraphStep } from './types.ts';

/**
 * The one index of a workflow's dependency graph, used by the graph functions and by the
 * scheduler: steps as integer indexes in declaration order, with edges in both directions.
 * A repeated id keeps its first declaration; a dependency listed twice counts once;
 * dependencies on unknown ids are left out of the edges and kept in `unresolved`.
 */
export interface IndexedGraph<Step extends GraphStep = GraphStep> {
  /** The steps indexed, in declaration order: `steps[i]` is step i. */
  readonly steps: readonly Step[];
  /** `ids[i]`: the id of step i. */
  readonly ids: readonly string[];
  /** Step id -> its index. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** `deps[i]`: the steps that step i depends on (declaration order of depends_on). */
  readonly deps: readonly (readonly number[])[];
  /** `dependents[i]`: the steps that depend on step i (declaration order). */
  readonly dependents: readonly (readonly number[])[];
  /** `unresolved[i]`: the ids in step i's depends_on that name no step here. */
  readonly unresolved: readonly (readonly string[])[];
}

const NONE: readonly string[] = Object.freeze([]);

export function indexGraph<Step extends GraphStep>(steps: readonly Step[]): IndexedGraph<Step> {
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  const declared: Step[] = [];
  for (const step of steps) {
    if (indexOf.has(step.id)) continue;
    indexOf.set(step.id, ids.length);
    ids.push(step.id);
    declared.push(step);
  }

  const deps: number[][] = declared.map(() => []);
  const dependents: number[][] = declared.map(() => []);
  const unresolved: (readonly string[])[] = declared.map(() => NONE);
  // lastDependent[d] === i: step i already lists d (a repeat in depends_on counts once).
  const lastDependent = new Int32Array(declared.length).fill(-1);
  declared.forEach((step, index) => {
    let missing: string[] | undefined;
    for (const depId of step.dependsOn) {
      const dep = indexOf.get(depId);
      if (dep === undefined) {
        missing ??= [];
        missing.push(depId);
      } else if (lastDependent[dep] !== index) {
        lastDependent[dep] = index;
        deps[index]!.push(dep);
        dependents[dep]!.push(index);
      }
    }
    if (missing !== undefined) unresolved[index] = missing;
  });
  return { steps: declared, ids, indexOf, deps, dependents, unresolved };
}

/**
 * The indexes of every step that depends on step `start` directly or transitively (not `start`
 * itself), breadth-first: nearer steps first, each level in the order it was reached.
 */
export function downstreamIndexes(graph: IndexedGraph, start: number): number[] {
  const seen = new Uint8Array(graph.ids.length);
  seen[start] = 1;
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const dependent of graph.dependents[queue[head]!]!) {
      if (seen[dependent]) continue;
      seen[dependent] = 1;
      queue.push(dependent);
    }
  }
  return queue.slice(1);
}
