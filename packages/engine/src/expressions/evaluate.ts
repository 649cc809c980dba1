import { eventExpressionValue } from '../triggers/event.ts';
import {
  type Expr,
  type FunctionName,
  referencesOf,
  referenceText,
  type Segment,
  secretReference,
} from './ast.ts';
import { parseExpression } from './parse.ts';
import { disarmSentinels, secretSentinel } from './secrets.ts';
import { scanTemplate, soleExpression } from './template.ts';
import { type ExpressionContext, ExpressionError } from './types.ts';

/**
 * Evaluates one expression (with or without its `${{ }}`) against a context. No `eval`, no
 * `Function`: the parsed tree is walked here, and only plain data is ever read.
 */
export function evaluateExpression(expression: string, ctx: ExpressionContext): unknown {
  const source = unwrap(expression);
  return evaluate(parseExpression(source), ctx, source);
}

/** An `if:` condition, written with or without `${{ }}`, tested for truth. */
export function evaluateCondition(expression: string, ctx: ExpressionContext): boolean {
  const source = unwrap(expression);
  const expr = parseExpression(source);
  if (referencesOf(expr).some((ref) => ref.root === 'secrets')) {
    throw new ExpressionError(SECRET_IN_CONDITION, source);
  }
  return truthy(evaluate(expr, ctx, source));
}

export const SECRET_IN_CONDITION =
  'a secret cannot decide whether a step runs; use secrets only in with: and env:';

/**
 * Resolves every `${{ }}` in a value, deeply (objects and lists). A string that is exactly
 * one expression becomes the expression's value, typed; any other string gets each value
 * interpolated as text (objects as JSON, null and undefined as nothing). Returns new
 * objects only where something changed. `${{ secrets.NAME }}` becomes the secret's
 * sentinel (see `secrets.ts`), never a value; values from elsewhere are disarmed so they
 * cannot pose as one.
 */
export function interpolate(value: unknown, ctx: ExpressionContext): unknown {
  if (typeof value === 'string') return interpolateString(value, ctx);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = interpolate(item, ctx);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = interpolate(item, ctx);
      if (next !== item) out ??= { ...value };
      if (out) out[key] = next;
    }
    return out ?? value;
  }
  return value;
}

/** The text an expression's value takes inside a string. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** JavaScript's truthiness: false, 0, NaN, '', null and undefined are false. */
export function truthy(value: unknown): boolean {
  return Boolean(value);
}

/** `inputs.x == 'a'` from `${{ inputs.x == 'a' }}`; anything else as is, trimmed. */
export function unwrap(expression: string): string {
  const trimmed = expression.trim();
  if (!trimmed.includes('${{')) return trimmed;
  const scan = scanTemplate(trimmed);
  if ('error' in scan) throw new ExpressionError(scan.error, trimmed, { index: scan.start });
  const sole = soleExpression(scan.parts);
  if (sole === undefined) {
    throw new ExpressionError(
      `a condition is one expression: wrap all of it in \${{ }}, or write it without`,
      trimmed,
    );
  }
  return sole;
}

function interpolateString(text: string, ctx: ExpressionContext): unknown {
  if (!text.includes('${{')) return text;
  const scan = scanTemplate(text);
  if ('error' in scan) throw new ExpressionError(scan.error, text, { index: scan.start });
  const sole = soleExpression(scan.parts);
  if (sole !== undefined && text.trim() === text) return interpolated(sole, ctx);
  let out = '';
  for (const part of scan.parts) {
    out +=
      part.kind === 'text' ? disarmSentinels(part.text) : toText(interpolated(part.source, ctx));
  }
  return out;
}

/** One expression's value in a `with` or `env`: a secret's sentinel, or a disarmed value. */
function interpolated(source: string, ctx: ExpressionContext): unknown {
  const expr = parseExpression(source);
  const secret = secretReference(expr);
  if (secret !== undefined) return secretSentinel(secret);
  return disarmSentinels(evaluate(expr, ctx, source));
}

function evaluate(node: Expr, ctx: ExpressionContext, source: string): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'reference':
      return resolveReference(node.root, node.path, ctx, source);
    case 'not':
      return !truthy(evaluate(node.argument, ctx, source));
    case 'negate': {
      const value = evaluate(node.argument, ctx, source);
      if (typeof value !== 'number') {
        throw new ExpressionError(`cannot negate ${describe(value)}`, source);
      }
      return -value;
    }
    case 'logical': {
      const left = evaluate(node.left, ctx, source);
      if (node.operator === '&&') return truthy(left) ? evaluate(node.right, ctx, source) : left;
      return truthy(left) ? left : evaluate(node.right, ctx, source);
    }
    case 'binary': {
      const left = evaluate(node.left, ctx, source);
      const right = evaluate(node.right, ctx, source);
      switch (node.operator) {
        case '==':
          return looseEquals(left, right);
        case '!=':
          return !looseEquals(left, right);
        default:
          return compare(node.operator, left, right, source);
      }
    }
    case 'call':
      return call(
        node.name,
        node.args.map((arg) => evaluate(arg, ctx, source)),
        source,
      );
    default: {
      const _never: never = node;
      return _never;
    }
  }
}

function resolveReference(
  root: string,
  path: readonly Segment[],
  ctx: ExpressionContext,
  source: string,
): unknown {
  let value: unknown;
  let rest = path;
  switch (root) {
    case 'inputs': {
      const [name, ...more] = path;
      if (name === undefined) return ctx.inputs;
      if (!Object.hasOwn(ctx.inputs, name)) {
        throw new ExpressionError(`unknown input "${String(name)}"`, source);
      }
      value = ctx.inputs[name];
      rest = more;
      break;
    }
    case 'steps': {
      const [id, field, ...more] = path;
      const step = id === undefined ? undefined : ctx.steps[id];
      if (id === undefined || step === undefined || !Object.hasOwn(ctx.steps, id)) {
        throw new ExpressionError(
          `no result for step "${String(id)}": only steps upstream of this one can be read`,
          source,
        );
      }
      if (field === 'status') value = step.status;
      else if (field === 'outputs') value = step.outputs;
      else {
        throw new ExpressionError(
          `${referenceText('steps', [id])} has outputs and status, not "${String(field)}"`,
          source,
        );
      }
      rest = more;
      break;
    }
    case 'workflow':
      value = ctx.workflow;
      break;
    case 'event':
      value = eventExpressionValue(ctx.event);
      break;
    case 'matrix': {
      if (ctx.matrix === undefined) {
        throw new ExpressionError('matrix is read only in a step with matrix:', source);
      }
      const [key, ...more] = path;
      if (key === undefined) value = ctx.matrix;
      else if (!Object.hasOwn(ctx.matrix, key)) value = undefined;
      else value = ctx.matrix[key];
      rest = key === undefined ? [] : more;
      break;
    }
    case 'item':
      if (!ctx.hasItem) {
        throw new ExpressionError('item is read only in a step with for_each:', source);
      }
      value = ctx.item;
      break;
    case 'secrets':
      // Only `interpolate` may read a secret, and only as its sentinel.
      throw new ExpressionError(
        `a secret is used only on its own in with: or env:, as \${{ secrets.NAME }}`,
        source,
      );
    default:
      throw new ExpressionError(`unknown name "${root}"`, source);
  }
  let walked = path.slice(0, path.length - rest.length);
  for (const segment of rest) {
    if (value === null || typeof value !== 'object') {
      throw new ExpressionError(
        `cannot read "${String(segment)}" of ${referenceText(root, walked)}, which is ${describe(value)}`,
        source,
      );
    }
    value = Object.hasOwn(value, segment)
      ? (value as Record<Segment, unknown>)[segment]
      : undefined;
    walked = [...walked, segment];
  }
  return value;
}

/**
 * `==` with the conversions people expect from strings that came from outputs or the CLI:
 * `'3' == 3`, `'true' == true`; null equals undefined; lists and maps compare by content.
 */
function looseEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left == null || right == null) return left == null && right == null;
  if (typeof left === typeof right) {
    if (typeof left === 'object') return JSON.stringify(left) === JSON.stringify(right);
    return false;
  }
  if (typeof left === 'string' || typeof right === 'string') {
    const [text, other] = typeof left === 'string' ? [left, right] : [right as string, left];
    if (typeof other === 'number') return text.trim() !== '' && Number(text) === other;
    if (typeof other === 'boolean') return text === String(other);
  }
  return false;
}

function compare(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown, source: string) {
  let a = left;
  let b = right;
  if (typeof a === 'string' && typeof b === 'number') a = numeric(a);
  if (typeof a === 'number' && typeof b === 'string') b = numeric(b);
  const comparable =
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string');
  if (!comparable) {
    throw new ExpressionError(
      `cannot compare ${describe(left)} ${operator} ${describe(right)}`,
      source,
    );
  }
  const x = a as number | string;
  const y = b as number | string;
  switch (operator) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    default: {
      const _never: never = operator;
      return _never;
    }
  }
}

function numeric(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

function call(name: FunctionName, args: unknown[], source: string): unknown {
  switch (name) {
    case 'contains': {
      const [haystack, needle] = args;
      if (Array.isArray(haystack)) return haystack.some((item) => looseEquals(item, needle));
      if (typeof haystack === 'string') return haystack.includes(toText(needle));
      if (haystack == null) return false;
      throw new ExpressionError(
        `contains() looks in a string or a list, not ${describe(haystack)}`,
        source,
      );
    }
    case 'startsWith':
      return toText(args[0]).startsWith(toText(args[1]));
    case 'endsWith':
      return toText(args[0]).endsWith(toText(args[1]));
    case 'format':
      return format(args[0], args.slice(1), source);
    case 'toJSON':
      return JSON.stringify(args[0] ?? null);
    default: {
      const _never: never = name;
      return _never;
    }
  }
}

/** `format('{0}-{1}', a, b)`; `{{` and `}}` stand for literal braces. */
function format(template: unknown, values: unknown[], source: string): string {
  if (typeof template !== 'string') {
    throw new ExpressionError(`format() needs a string first, got ${describe(template)}`, source);
  }
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index: string | undefined) => {
    if (index === undefined) return match[0] as string;
    const n = Number(index);
    if (n >= values.length) {
      throw new ExpressionError(
        `format() has no argument {${n}}: it was given ${values.length}`,
        source,
      );
    }
    return toText(values[n]);
  });
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
