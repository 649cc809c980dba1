import type { WorkflowDefinition } from '../definition/types.ts';

/**
 * The little graph knowledge the scheduler needs. Definitions arrive validated (no cycles,
 * no missing ids), so this stays small; unknown ids are ignored rather than trusted.
 */

/** Step id -> ids of the steps that depend on it directly. */
export function directDependents(def: WorkflowDefinition): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const step of def.steps) dependents.set(step.id, []);
  for (const step of def.steps) {
    for (const dep of step.dependsOn) dependents.get(dep)?.push(step.id);
  }
  return dependents;
}

/** Every step downstream of `rootId`, in declaration order. */
export function transitiveDependents(def: WorkflowDefinition, rootId: string): string[] {
  const dependents = directDependents(def);
  const seen = new Set<string>();
  const queue = [rootId];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of dependents.get(id) ?? []) {
      if (seen.has(next) || next === rootId) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return def.steps.map((step) => step.id).filter((id) => seen.has(id));
}
