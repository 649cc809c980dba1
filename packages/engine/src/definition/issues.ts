import type { z } from 'zod';
import { Suggester } from './suggest.ts';

type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'a map',
  record: 'a map',
  map: 'a map',
  array: 'a list',
  tuple: 'a list',
  null: 'an empty value',
  undefined: 'nothing',
  bigint: 'an integer',
  date: 'a date',
};

/**
 * A zod error map that phrases issues for someone editing YAML ("expected a list, got a
 * string"). Schema-level messages still take precedence; unknown codes fall back to zod's text.
 */
export function humanizeIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `required: expected ${typeName(issue.expected)}`;
      return `expected ${typeName(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys':
      return unknownKeysMessage(issue.keys, allowedKeys(issue.inst));
    case 'invalid_union':
      return unionMessage(issue.errors, issue.input);
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return sizeMessage('at least', issue.origin, issue.minimum, issue.inclusive);
    case 'too_big':
      return sizeMessage('at most', issue.origin, issue.maximum, issue.inclusive);
    default:
      return undefined;
  }
}

/** `steps[2].with.run` */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(truncate(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function unknownKeysMessage(keys: readonly string[], allowed: string[] | undefined): string {
  const allowedText =
    allowed === undefined
      ? undefined
      : allowed.length === 0
        ? 'no keys are allowed here'
        : `allowed keys: ${allowed.join(', ')}`;
  const [first, ...rest] = keys;
  if (first === undefined || rest.length > 0 || allowed === undefined) {
    const list = keys.map((key) => JSON.stringify(key)).join(', ');
    return `unknown key${keys.length === 1 ? '' : 's'} ${list}${allowedText ? `; ${allowedText}` : ''}`;
  }
  return `unknown key ${JSON.stringify(first)}${new Suggester().tail(first, allowed, allowedText)}`;
}

function allowedKeys(inst: unknown): string[] | undefined {
  const def = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod
    ?.def;
  return def?.shape === undefined ? undefined : Object.keys(def.shape);
}

function unionMessage(branches: readonly (readonly z.core.$ZodIssue[])[], input: unknown): string {
  const typeMismatches = branches.map((issues) =>
    issues.find((issue) => issue.code === 'invalid_type' && issue.path.length === 0),
  );
  // A branch that accepted the type but not the value explains the problem best.
  const closest = branches.find((_, index) => typeMismatches[index] === undefined);
  if (closest?.[0] !== undefined) return closest[0].message;
  const expected = new Set(
    typeMismatches.map((issue) => (issue?.code === 'invalid_type' ? typeName(issue.expected) : '')),
  );
  expected.delete('');
  const list = [...expected];
  const alternatives =
    list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
  return `expected ${alternatives}, got ${describeValue(input)}`;
}

function sizeMessage(
  bound: 'at least' | 'at most',
  origin: string,
  limit: number | bigint | Date,
  inclusive: boolean | undefined,
): string {
  const value = Number(limit);
  switch (origin) {
    case 'array':
    case 'set':
      return `must have ${bound} ${value} item${value === 1 ? '' : 's'}`;
    case 'string':
      if (bound === 'at least' && value === 1) return 'must not be empty';
      return `must be ${bound} ${value} character${value === 1 ? '' : 's'} long`;
    default:
      if (inclusive === false)
        return `must be ${bound === 'at least' ? 'greater' : 'less'} than ${value}`;
      return `must be ${bound} ${value}`;
  }
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
