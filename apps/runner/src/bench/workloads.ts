/** A layered DAG: `width` steps per level, each depending on every step of the level before. */
export function layeredYaml(
  steps: number,
  width: number,
  command?: string,
  maxParallel?: number,
): string {
  const action = command ? 'shell' : 'noop';
  const lines = ['name: bench', ...(maxParallel ? [`max_parallel: ${maxParallel}`] : []), 'steps:'];
  for (let i = 0; i < steps; i++) {
    lines.push(`  - id: s${i}`, `    action: ${action}`);
    if (command) lines.push(`    with: { run: ${JSON.stringify(command)} }`);
    const level = Math.floor(i / width);
    if (level > 0) {
      const deps = Array.from({ length: width }, (_, k) => `s${(level - 1) * width + k}`);
      lines.push(`    depends_on: [${deps.join(', ')}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One step, then `steps - 2` steps that need only it, then one step that needs them all. */
export function fanYaml(steps: number): string {
  const middle = Array.from({ length: steps - 2 }, (_, i) => `s${i}`);
  const lines = ['name: bench', 'steps:', '  - { id: root, action: noop }'];
  for (const id of middle) lines.push(`  - { id: ${id}, action: noop, depends_on: [root] }`);
  lines.push(`  - { id: sink, action: noop, depends_on: [${middle.join(', ')}] }`);
  return `${lines.join('\n')}\n`;
}

/** A Makefile whose targets t0..t(n-1) each run `recipe`; chained, each needs the one before. */
export function makefile(n: number, recipe: string, chained: boolean): string {
  const targets = Array.from({ length: n }, (_, i) => `t${i}`);
  const rules = targets.map(
    (t, i) => `${t}:${chained && i > 0 ? ` t${i - 1}` : ''}\n\t@${recipe}\n`,
  );
  return `.PHONY: all ${targets.join(' ')}\nall: ${chained ? `t${n - 1}` : targets.join(' ')}\n${rules.join('')}`;
}
