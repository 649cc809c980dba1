import type { Dependent } from './depth';

/** The step and every step it depends on, directly or not: the path that led to it. */
export function pathTo(steps: readonly Dependent[], stepId: string): Set<string> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const path = new Set<string>();
  if (!byId.has(stepId)) return path;
  const todo = [stepId];
  path.add(stepId);
  while (todo.length > 0) {
    const id = todo.pop() as string;
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep) || path.has(dep)) continue;
      path.add(dep);
      todo.push(dep);
    }
  }
  return path;
}

/** The run's tension point: the failed step that finished first (the first in the list on a tie). */
export function tensionStep(
  steps: readonly { id: string; status: string; finishedAt?: string | Date | null }[],
): string | null {
  let best: { id: string; at: number } | null = null;
  for (const step of steps) {
    if (step.status !== 'failed') continue;
    const at = step.finishedAt ? new Date(step.finishedAt).getTime() : Number.POSITIVE_INFINITY;
    if (!best || at < best.at) best = { id: step.id, at };
  }
  return best?.id ?? null;
}
