import type { Action } from './types.ts';

/** Actions by name. Validation, the JSON Schema and the runner all look actions up here. */
export type ActionRegistry = ReadonlyMap<string, Action>;

export function createActionRegistry(actions: readonly Action[]): ActionRegistry {
  const registry = new Map<string, Action>();
  for (const action of actions) {
    if (registry.has(action.name)) throw new Error(`action "${action.name}" is registered twice`);
    registry.set(action.name, action);
  }
  return registry;
}
