import type { Action, ActionSpec } from './types.ts';

/**
 * Action specs by name: what validation and the JSON Schema look actions up in. A registry of
 * runnable actions is one too, so either kind can be handed to `parseWorkflow`.
 */
export type ActionSpecRegistry = ReadonlyMap<string, ActionSpec>;

/** Runnable actions by name: what the runner executes steps with. */
export type ActionRegistry = ReadonlyMap<string, Action>;

export function createActionRegistry<A extends ActionSpec>(
  actions: readonly A[],
): ReadonlyMap<string, A> {
  const registry = new Map<string, A>();
  for (const action of actions) {
    if (registry.has(action.name)) throw new Error(`action "${action.name}" is registered twice`);
    registry.set(action.name, action);
  }
  return registry;
}
