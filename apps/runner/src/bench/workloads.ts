/** A layered DAG: `width` steps per level, each depending on every step of the level before. */
export function layeredYaml(steps: number, width: number, command?: string): string {
  const action = command ? 'shell' : 'noop';
  const lines = ['name: bench', 'steps:'];
  for (let i = 0; i < steps; i++) {
    lines.push(`  - id: s${i}`, `    action: ${action}`);
    if (command) lines.push(`    with: { run: "${command}" }`);
    const level = Math.floor(i / width);
    if (level > 0) {
      const deps = Array.from({ length: width }, (_, k) => `s${(level - 1) * width + k}`);
      lines.push(`    depends_on: [${deps.join(', ')}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}
