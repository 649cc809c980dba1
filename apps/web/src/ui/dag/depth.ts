/** A step's place in the graph for depth purposes: its id and what it depends on. */
export interface Dependent {
  id: string;
  dependsOn: readonly string[];
}

/**
 * Each step's depth: 0 for a step with no dependencies, else one more than its deepest
 * dependency. Linear in steps and edges; dependencies outside the list are ignored, and a
 * cycle (never valid, but the editor may draw a half-typed graph) ends at depth 0.
 */
export function depthsOf(steps: readonly Dependent[]): Map<string, number> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  for (const root of steps) {
    if (depth.has(root.id)) continue;
    // Iterative depth-first walk: 5,000-deep chains must not overflow the stack.
    const stack: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    visiting.add(root.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const deps = byId.get(top.id)?.dependsOn ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++] as string;
        if (byId.has(dep) && !depth.has(dep) && !visiting.has(dep)) {
          visiting.add(dep);
          stack.push({ id: dep, next: 0 });
        }
        continue;
      }
      let d = 0;
      for (const dep of deps) {
        const known = depth.get(dep);
        if (known !== undefined) d = Math.max(d, known + 1);
      }
      depth.set(top.id, d);
      visiting.delete(top.id);
      stack.pop();
    }
  }
  return depth;
}
