import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionSpecRegistry, parseWorkflow } from '@arcflow/engine';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ').trim();

/** The README's section per template, generated from the templates themselves. */
export function templateReference(templatesDir: string, actions: ActionSpecRegistry): string {
  const files = readdirSync(templatesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const sections: string[] = [];
  for (const file of files) {
    const { definition } = parseWorkflow(readFileSync(join(templatesDir, file), 'utf8'), {
      file: `templates/${file}`,
      actions,
    });
    if (!definition) throw new Error(`templates/${file} is not valid; run arcflow validate on it`);
    const lines = [`### \`${definition.name}\``, '', `*${definition.narrative ?? ''}*`, ''];
    if (definition.description) lines.push(cell(definition.description), '');
    if (definition.inputs.length > 0) {
      lines.push('| input | default | meaning |', '| --- | --- | --- |');
      for (const input of definition.inputs) {
        const fallback =
          input.default === undefined ? '*required*' : `\`${JSON.stringify(input.default)}\``;
        lines.push(`| \`${input.name}\` | ${fallback} | ${cell(input.description ?? '')} |`);
      }
      lines.push('');
    }
    lines.push('| step | action | universe | after | beat |', '| --- | --- | --- | --- | --- |');
    for (const step of definition.steps) {
      const after = step.dependsOn.join(', ');
      const condition = step.if ? ` (if \`${cell(step.if)}\`)` : '';
      lines.push(
        `| \`${step.id}\` | \`${step.action}\` | ${step.universe} | ${after}${condition} | ${cell(step.beat ?? '')} |`,
      );
    }
    lines.push('', `Start from it: \`arcflow init ${definition.name}\`.`, '');
    sections.push(lines.join('\n'));
  }
  return sections.join('\n');
}
