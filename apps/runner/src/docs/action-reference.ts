import type { ActionSpec, ActionSpecRegistry } from '@arcflow/engine';
import { z } from 'zod';

interface JsonSchemaProperty {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchemaProperty[];
  items?: JsonSchemaProperty;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(prop: JsonSchemaProperty): string {
  if (prop.enum) return prop.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (prop.anyOf) return prop.anyOf.map(typeOf).join(' \\| ');
  if (prop.type === 'array') return `${prop.items ? typeOf(prop.items) : 'any'}[]`;
  if (Array.isArray(prop.type)) return prop.type.join(' \\| ');
  return prop.type ?? 'any';
}

function inputsTable(action: ActionSpec): string {
  const schema = z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return 'No inputs.\n';
  const rows = entries.map(([name, prop]) => {
    const required = schema.required?.includes(name) && prop.default === undefined ? 'yes' : '';
    const fallback = prop.default === undefined ? '' : `\`${JSON.stringify(prop.default)}\``;
    return `| \`${name}\` | ${typeOf(prop)} | ${required} | ${fallback} | ${cell(prop.description ?? '')} |`;
  });
  return [
    '| input | type | required | default | meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function outputsTable(action: ActionSpec): string {
  const outputs = Object.entries(action.outputs ?? {});
  if (outputs.length === 0) return 'No outputs.\n';
  return [
    '| output | meaning |',
    '| --- | --- |',
    ...outputs.map(([name, meaning]) => `| \`${name}\` | ${cell(meaning)} |`),
    '',
  ].join('\n');
}

/** The README's action reference, generated from each action's own schema and outputs. */
export function actionReference(actions: ActionSpecRegistry): string {
  const sections = [...actions.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((action) =>
      [
        `### \`${action.name}\``,
        '',
        action.description,
        '',
        inputsTable(action),
        outputsTable(action),
      ].join('\n'),
    );
  return sections.join('\n');
}
