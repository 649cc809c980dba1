import jsep from 'jsep';
import { Suggester } from '../definition/suggest.ts';
import {
  type Expr,
  FUNCTION_NAMES,
  FUNCTIONS,
  type FunctionName,
  REFERENCE_ROOTS,
  type ReferenceRoot,
  referencesOf,
  type Segment,
} from './ast.ts';
import { ExpressionError } from './types.ts';

/**
 * Parses an expression (the text inside `${{ }}`) with jsep and narrows it to the language:
 * literals, references, `== != < <= > >= && || !`, parentheses and the known functions.
 * Anything else (arithmetic, `this`, arrays, ternaries, assignments) is refused here, so the
 * evaluator never meets it. jsep's own configuration is left untouched.
 */
export function parseExpression(source: string): Expr {
  let node: jsep.Expression;
  try {
    node = jsep(protectHyphens(source));
  } catch (error) {
    const index = (error as { index?: unknown }).index;
    const description = (error as { description?: unknown }).description;
    const what = typeof description === 'string' ? description : String(error);
    throw new ExpressionError(`syntax error: ${restore(what)}`, source, {
      cause: error,
      ...(typeof index === 'number' ? { index } : {}),
    });
  }
  return onlyWholeSecrets(new Narrower(source).narrow(node), source);
}

/**
 * A secret is read only as a whole: `${{ secrets.NAME }}`. An operator or a function on it
 * would let the engine compute with a value it must never see (and leak it through a
 * condition or a comparison), so it is refused where the expression is parsed.
 */
function onlyWholeSecrets(expr: Expr, source: string): Expr {
  const secrets = referencesOf(expr).filter((ref) => ref.root === 'secrets');
  if (secrets.length === 0) return expr;
  const index = Math.max(0, source.search(/\bsecrets\b/));
  const [ref] = secrets;
  if (expr !== ref) {
    throw new ExpressionError(
      `a secret is used only on its own, as \${{ secrets.NAME }}: no operators or functions on it`,
      source,
      { index },
    );
  }
  const [name, ...rest] = ref.path;
  if (typeof name !== 'string' || rest.length > 0) {
    throw new ExpressionError('write secrets.NAME: a secret has no properties', source, {
      index,
    });
  }
  return expr;
}

/** Placeholder for `-` inside names (`steps.run-tests`), one UTF-16 unit like `-` itself. */
const HYPHEN = '\uE000';
const restore = (text: string) => text.replaceAll(HYPHEN, '-');

/**
 * The language has no subtraction, so a `-` between two name characters belongs to the name,
 * as in `steps.run-tests.outputs.passed`. Quoted strings are left alone; offsets don't move.
 */
function protectHyphens(source: string): string {
  let out = '';
  let quote: string | undefined;
  let inName = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (quote !== undefined) {
      out += ch;
      if (ch === '\\' && i + 1 < source.length) out += source[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inName = false;
      out += ch;
      continue;
    }
    if (inName && ch === '-' && isNameChar(source[i + 1])) {
      out += HYPHEN;
      continue;
    }
    if (!inName && /[A-Za-z_]/.test(ch) && !isNameChar(source[i - 1])) inName = true;
    else if (inName && !isNameChar(ch)) inName = false;
    out += ch;
  }
  return out;
}

function isNameChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}

const SUPPORTED = 'use ==, !=, <, <=, >, >=, &&, || and !';

class Narrower {
  private readonly suggester = new Suggester(10_000);

  constructor(private readonly source: string) {}

  narrow(node: jsep.Expression): Expr {
    switch (node.type) {
      case 'Literal': {
        const { value } = node as jsep.Literal;
        if (value instanceof RegExp) throw this.fail('regular expressions are not supported');
        return { kind: 'literal', value };
      }
      case 'Identifier':
      case 'MemberExpression':
        return this.reference(node);
      case 'UnaryExpression': {
        const { operator, argument } = node as jsep.UnaryExpression;
        if (operator === '!') return { kind: 'not', argument: this.narrow(argument) };
        if (operator === '-') return { kind: 'negate', argument: this.narrow(argument) };
        throw this.fail(`operator "${operator}" is not supported; ${SUPPORTED}`, operator);
      }
      case 'BinaryExpression': {
        const { operator, left, right } = node as jsep.BinaryExpression;
        const narrowed = { left: this.narrow(left), right: this.narrow(right) };
        switch (operator) {
          case '&&':
          case '||':
            return { kind: 'logical', operator, ...narrowed };
          case '==':
          case '!=':
          case '<':
          case '<=':
          case '>':
          case '>=':
            return { kind: 'binary', operator, ...narrowed };
          case '===':
          case '!==':
            throw this.fail(`use "${operator.slice(0, 2)}" instead of "${operator}"`, operator);
          case '+':
            throw this.fail(
              `operator "+" is not supported; to build a string use format('{0}{1}', a, b)`,
              operator,
            );
          default:
            throw this.fail(`operator "${operator}" is not supported; ${SUPPORTED}`, operator);
        }
      }
      case 'CallExpression':
        return this.call(node as jsep.CallExpression);
      case 'Compound':
      case 'SequenceExpression':
        throw this.fail('write one expression, not several separated by "," or ";"');
      case 'ConditionalExpression':
        throw this.fail('the "? :" operator is not supported; use && and ||', '?');
      case 'ArrayExpression':
        throw this.fail('list literals ([…]) are not supported', '[');
      case 'ThisExpression':
        throw this.fail('"this" is not available; use inputs, steps or workflow', 'this');
      default:
        throw this.fail(`unsupported syntax (${node.type})`);
    }
  }

  private reference(node: jsep.Expression): Expr {
    const path: Segment[] = [];
    let current = node;
    while (current.type === 'MemberExpression') {
      const member = current as jsep.MemberExpression;
      path.unshift(this.segment(member));
      current = member.object;
    }
    if (current.type !== 'Identifier') {
      throw this.fail('only inputs, steps, workflow and secrets have properties');
    }
    const name = restore((current as jsep.Identifier).name);
    if (!(REFERENCE_ROOTS as readonly string[]).includes(name)) {
      const hint = `expressions can read ${REFERENCE_ROOTS.join(', ')}`;
      throw this.fail(
        `unknown name "${name}"${this.suggester.tail(name, REFERENCE_ROOTS, hint)}`,
        name,
      );
    }
    return { kind: 'reference', root: name as ReferenceRoot, path };
  }

  private segment(member: jsep.MemberExpression): Segment {
    const { property } = member;
    if (!member.computed && property.type === 'Identifier') {
      return restore((property as jsep.Identifier).name);
    }
    const value = property.type === 'Literal' ? (property as jsep.Literal).value : undefined;
    if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) {
      return value;
    }
    throw this.fail(
      "inside [ ] write a quoted name or a whole number, like outputs['my-name']",
      '[',
    );
  }

  private call(node: jsep.CallExpression): Expr {
    if (node.callee.type !== 'Identifier') throw this.fail('only named functions can be called');
    const name = restore((node.callee as jsep.Identifier).name);
    const arity = (FUNCTIONS as Record<string, readonly [number, number]>)[name];
    if (arity === undefined) {
      const hint = `functions: ${FUNCTION_NAMES.join(', ')}`;
      throw this.fail(
        `unknown function "${name}"${this.suggester.tail(name, FUNCTION_NAMES, hint)}`,
        name,
      );
    }
    const [min, max] = arity;
    const count = node.arguments.length;
    if (count < min || count > max) {
      const wanted =
        min === max ? `${min} argument${min === 1 ? '' : 's'}` : `at least ${min} argument`;
      throw this.fail(`${name}() takes ${wanted}, got ${count}`, name);
    }
    return {
      kind: 'call',
      name: name as FunctionName,
      args: node.arguments.map((arg) => this.narrow(arg)),
    };
  }

  /** An error pointing at the first occurrence of `near` in the source, when given. */
  private fail(message: string, near?: string): ExpressionError {
    const index = near === undefined ? -1 : this.source.indexOf(near);
    return new ExpressionError(message, this.source, index < 0 ? {} : { index });
  }
}
