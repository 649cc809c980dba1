import type { GraphStep } from './types.ts';

/**
 * Steps as integer indexes in declaration order, with edges in both directions.
 * Dependencies on unknown ids are dropped; a repeated id keeps its first declaration.
 */
export interface IndexedGraph {
  ids: string[];
  indexOf: Map<string, number>;
  /** `deps[i]`: the steps that step i depends on (declaration order of depends_on). */
  deps: number[][];
  /** `dependents[i]`: the steps that depend on step i (declaration order). */
  dependents: number[][];
}

export function indexGraph(steps: readonly GraphStep[]): IndexedGraph {
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  const declared: GraphStep[] = [];
  for (const step of steps) {
    if (indexOf.has(step.id)) continue;
    indexOf.set(step.id, ids.length);
    ids.push(step.id);
    declared.push(step);
  }

  const deps: number[][] = declared.map(() => []);
  const dependents: number[][] = declared.map(() => []);
  declared.forEach((step, index) => {
    const seen = new Set<number>();
    for (const depId of step.dependsOn) {
      const dep = indexOf.get(depId);
      if (dep === undefined || seen.has(dep)) continue;
      seen.add(dep);
      deps[index]!.push(dep);
      dependents[dep]!.push(index);
    }
  });
  return { ids, indexOf, deps, dependents };
}
