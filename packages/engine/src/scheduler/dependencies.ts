import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';

/**
 * The little graph knowledge the scheduler needs. Definitions arrive validated (no cycles,
 * no missing ids), so this stays small; unknown ids are ignored rather than trusted.
 */

/** A definition's steps by id and by declaration index, built once per definition object. */
export interface DefinitionIndex {
  readonly steps: readonly StepDefinition[];
  /** Step id -> declaration index. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Declaration index -> declaration indices of the steps that depend on it directly. */
  readonly dependents: readonly (readonly number[])[];
}

const indices = new WeakMap<WorkflowDefinition, DefinitionIndex>();

export function definitionIndex(def: WorkflowDefinition): DefinitionIndex {
  let index = indices.get(def);
  if (!index) {
    const indexOf = new Map(def.steps.map((step, i) => [step.id, i]));
    const dependents: number[][] = def.steps.map(() => []);
    def.steps.forEach((step, i) => {
      for (const dep of step.dependsOn) {
        const at = indexOf.get(dep);
        if (at !== undefined) dependents[at]?.push(i);
      }
    });
    index = { steps: def.steps, indexOf, dependents };
    indices.set(def, index);
  }
  return index;
}

/** Step id -> ids of the steps that depend on it directly. */
export function directDependents(def: WorkflowDefinition): Map<string, string[]> {
  const { steps, dependents } = definitionIndex(def);
  return new Map(steps.map((step, i) => [step.id, (dependents[i] ?? []).map(idAt(steps))]));
}

/** Every step downstream of `rootId`, in declaration order. */
export function transitiveDependents(def: WorkflowDefinition, rootId: string): string[] {
  const index = definitionIndex(def);
  const root = index.indexOf.get(rootId);
  if (root === undefined) return [];
  return transitiveDependentIndices(index, root).map(idAt(index.steps));
}

/** Declaration indices of every step downstream of `root`, ascending. */
export function transitiveDependentIndices(index: DefinitionIndex, root: number): number[] {
  const seen = new Set<number>();
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    for (const next of index.dependents[queue[head] as number] ?? []) {
      if (seen.has(next) || next === root) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

const idAt = (steps: readonly StepDefinition[]) => (i: number) => steps[i]?.id as string;
