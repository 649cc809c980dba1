import type { InputOutput } from './schema.ts';
import type { WorkflowDefinition, WorkflowInputDefinition } from './types.ts';

/** The validated `inputs:` map as definitions, in the order they are written. */
export function toInputDefinitions(
  inputs: Record<string, InputOutput | null> | undefined,
): WorkflowInputDefinition[] {
  return Object.entries(inputs ?? {}).map(([name, spec]) => ({
    name,
    type: spec?.type ?? 'string',
    ...(spec?.default === undefined ? {} : { default: spec.default }),
    ...(spec?.description === undefined ? {} : { description: spec.description }),
    required: spec?.default === undefined,
  }));
}

export type ResolvedInputs = { values: Record<string, unknown> } | { errors: string[] };

/**
 * The inputs a run starts with: `given` checked against the workflow's declarations, strings
 * converted to the declared type (`--input dry_run=true` from the CLI becomes `true`), and
 * defaults applied. Reports every problem at once.
 */
export function resolveRunInputs(
  def: Pick<WorkflowDefinition, 'inputs'>,
  given: Record<string, unknown>,
): ResolvedInputs {
  const declared = def.inputs ?? [];
  const names = declared.map((input) => input.name);
  const errors: string[] = [];
  for (const name of Object.keys(given)) {
    if (names.includes(name)) continue;
    const takes =
      names.length === 0
        ? 'this workflow takes no inputs'
        : `this workflow takes: ${names.join(', ')}`;
    errors.push(`unknown input ${JSON.stringify(name)}; ${takes}`);
  }
  const values: Record<string, unknown> = {};
  for (const input of declared) {
    const raw = Object.hasOwn(given, input.name) ? given[input.name] : undefined;
    if (raw === undefined || raw === null) {
      if (input.default !== undefined) values[input.name] = input.default;
      else {
        const about = input.description ? ` (${input.description})` : '';
        errors.push(`missing required input ${JSON.stringify(input.name)}${about}`);
      }
      continue;
    }
    const value = coerce(input.type, raw);
    if (value === undefined) {
      errors.push(
        `input ${JSON.stringify(input.name)} must be ${article(input.type)}, got ${JSON.stringify(raw)}`,
      );
    } else values[input.name] = value;
  }
  return errors.length > 0 ? { errors } : { values };
}

function coerce(type: WorkflowInputDefinition['type'], raw: unknown): unknown {
  switch (type) {
    case 'string':
      return typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
        ? String(raw)
        : undefined;
    case 'number': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
      if (typeof raw !== 'string' || raw.trim() === '') return undefined;
      const n = Number(raw.trim());
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (text === 'true') return true;
      if (text === 'false') return false;
      return undefined;
    }
    default: {
      const _never: never = type;
      return _never;
    }
  }
}

function article(type: WorkflowInputDefinition['type']): string {
  return type === 'string' ? 'a string' : type === 'number' ? 'a number' : 'true or false';
}
