import type { ActionSpecRegistry } from '../actions/registry.ts';
import type { DiagnosticCode } from '../diagnostics.ts';
import { type Expr, referencesOf, referenceText, type Segment } from '../expressions/ast.ts';
import { SECRET_IN_CONDITION } from '../expressions/evaluate.ts';
import { parseExpression } from '../expressions/parse.ts';
import { SECRET_MARK, SECRET_NAME } from '../expressions/secrets.ts';
import { hasExpression, scanTemplate, soleExpression } from '../expressions/template.ts';
import { ExpressionError } from '../expressions/types.ts';
import { eventReferenceProblem } from './event-reference.ts';
import { fanOutReferenceProblem } from './fan-out-checks.ts';
import { formatPath } from './issues.ts';
import type { Locator, Position } from './source.ts';
import { stepLabel } from './step-checks.ts';
import { Suggester } from './suggest.ts';

export type ReportAt = (code: DiagnosticCode, position: Position, message: string) => void;

/** What the checks need to know about the workflow, read leniently from the raw YAML. */
interface Scope {
  inputs: string[];
  steps: readonly unknown[];
  /** Step id -> declaration index (first definition wins); built on first use (`indexOf`). */
  stepIndex: Map<string, number> | undefined;
  actions: ActionSpecRegistry;
  locator: Locator;
  report: ReportAt;
  suggester: Suggester;
  upstream: Map<number, Set<string>>;
  /** Each expression's source, parsed once: workflows repeat `${{ inputs.version }}`. */
  parsed: Map<string, Expr | ExpressionError>;
  /** The secrets that exist; undefined when unknown (nothing is said about unknown ones). */
  secretNames: readonly string[] | undefined;
}

/**
 * Checks every `${{ }}` expression in the steps (`with` values at any depth, `env` values)
 * and every `if:`: syntax, functions, and that each reference names a declared input, a
 * step upstream of this one, and an output its action declares. Each problem is reported
 * at the expression inside its string where the source allows, else at the string.
 * `secrets.NAME` is checked against `secretNames` when they are given.
 */
export function checkExpressions(
  raw: Record<string, unknown>,
  rawSteps: readonly unknown[],
  actions: ActionSpecRegistry,
  locator: Locator,
  report: ReportAt,
  secretNames?: readonly string[],
): void {
  const scope: Scope = {
    inputs: isRecord(raw.inputs) ? Object.keys(raw.inputs) : [],
    steps: rawSteps,
    stepIndex: undefined,
    parsed: new Map(),
    actions,
    locator,
    report,
    suggester: new Suggester(),
    upstream: new Map(),
    secretNames,
  };
  for (let index = 0; index < rawSteps.length; index++) {
    const step = rawSteps[index];
    if (!isRecord(step)) continue;
    // Paths are built only for a step that has something to check: most have nothing.
    if (typeof step.if === 'string') checkCondition(scope, index, step.if, ['steps', index, 'if']);
    if (step.with !== undefined) {
      forEachString(step.with, ['steps', index, 'with'], (text, path) =>
        checkTemplate(scope, index, text, path),
      );
    }
    if (isRecord(step.env)) {
      for (const [key, value] of Object.entries(step.env)) {
        if (typeof value === 'string')
          checkTemplate(scope, index, value, ['steps', index, 'env', key]);
      }
    }
    if (isRecord(step.cache) && typeof step.cache.key === 'string') {
      checkTemplate(scope, index, step.cache.key, ['steps', index, 'cache', 'key']);
    }
    if (typeof step.for_each === 'string') {
      checkTemplate(scope, index, step.for_each, ['steps', index, 'for_each']);
    }
  }
  checkWorkflowEnv(raw, locator, report);
}

/**
 * The workflow's own `env:` is handed to steps as written: a `${{ secrets.X }}` there would
 * reach them as that text, so it is refused with the way to do it.
 */
function checkWorkflowEnv(raw: Record<string, unknown>, locator: Locator, report: ReportAt) {
  if (!isRecord(raw.env)) return;
  for (const [key, value] of Object.entries(raw.env)) {
    if (typeof value === 'string' && value.includes(SECRET_MARK)) {
      const message = `env.${key}: the NUL character (\\0) is not allowed here`;
      report('schema', locator.locate(['env', key]), message);
    }
    if (typeof value !== 'string' || !hasExpression(value)) continue;
    const index = value.search(/\$\{\{\s*secrets\b/);
    if (index < 0) continue;
    const message = `env.${key}: the workflow's env: is not interpolated; put \${{ secrets.… }} in a step's env: or with:`;
    const occurrence = countBefore(value, '${{', index);
    report('schema', locator.positionInString(['env', key], '${{', occurrence, index), message);
  }
}

function checkCondition(scope: Scope, step: number, text: string, path: PropertyKey[]): void {
  if (hasExpression(text)) {
    const scan = scanTemplate(text);
    if ('error' in scan) {
      at(scope, step, path, '${{', text, scan.start, scan.error);
      return;
    }
    const sole = soleExpression(scan.parts);
    if (sole === undefined) {
      const message = `a condition is one expression: wrap all of it in \${{ }}, or write it without`;
      at(scope, step, path, '${{', text, 0, message);
      return;
    }
    checkTemplate(scope, step, text, path);
    return;
  }
  const source = text.trim();
  // An empty condition is the schema's to report.
  if (source === '') return;
  const locate = (offset: number) => scope.locator.positionInString(path, source, 0, offset);
  checkSource(scope, step, source, path, (inner) => locate(text.indexOf(source) + inner));
}

function checkTemplate(scope: Scope, step: number, text: string, path: PropertyKey[]): void {
  if (text.includes(SECRET_MARK)) {
    const message = 'the NUL character (\\0) is not allowed here';
    at(scope, step, path, SECRET_MARK, text, text.indexOf(SECRET_MARK), message);
  }
  if (!hasExpression(text)) return;
  const scan = scanTemplate(text);
  if ('error' in scan) {
    at(scope, step, path, '${{', text, scan.start, scan.error);
    return;
  }
  let occurrence = 0;
  for (const part of scan.parts) {
    if (part.kind !== 'expression') continue;
    const nth = occurrence++;
    const locate = (inner: number) =>
      scope.locator.positionInString(path, '${{', nth, part.sourceStart + inner);
    checkSource(scope, step, part.source, path, locate);
  }
}

/** Parses one expression and checks its references; `locate` maps an offset in `source`. */
function checkSource(
  scope: Scope,
  step: number,
  source: string,
  path: PropertyKey[],
  locate: (offset: number) => Position,
): void {
  let expr: Expr;
  try {
    expr = parsedExpression(scope, source);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    const message = `${prefix(scope, step, path)}${error.message} in "${source}"`;
    scope.report('schema', locate(error.index ?? 0), message);
    return;
  }
  for (const ref of referencesOf(expr)) {
    const problem =
      ref.root === 'secrets' && path[2] === 'if'
        ? { code: 'schema' as const, message: SECRET_IN_CONDITION, depth: 0 }
        : checkReference(scope, step, ref.root, ref.path, path);
    if (problem === undefined) continue;
    const text = referenceText(ref.root, ref.path.slice(0, problem.depth));
    const index = source.indexOf(text);
    const message = problem.standalone
      ? problem.message
      : `${prefix(scope, step, path)}${problem.message}`;
    scope.report(problem.code, locate(Math.max(0, index)), message);
  }
}

/** `parseExpression(source)`, throwing its ExpressionError again for a repeated source. */
function parsedExpression(scope: Scope, source: string): Expr {
  let parsed = scope.parsed.get(source);
  if (parsed === undefined) {
    try {
      parsed = parseExpression(source);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      parsed = error;
    }
    scope.parsed.set(source, parsed);
  }
  if (parsed instanceof ExpressionError) throw parsed;
  return parsed;
}

interface Problem {
  code: DiagnosticCode;
  message: string;
  /** How many path segments the offending reference spans, to find it in the source. */
  depth: number;
  /** The message names the step itself. */
  standalone?: boolean;
}

function checkReference(
  scope: Scope,
  step: number,
  root: string,
  path: readonly Segment[],
  field: readonly PropertyKey[],
): Problem | undefined {
  const [first, second, third] = path;
  switch (root) {
    case 'matrix':
    case 'item':
      return fanOutReferenceProblem(scope.steps[step], root, path, field);
    case 'inputs': {
      if (first === undefined) return undefined;
      const name = String(first);
      if (!scope.inputs.includes(name)) {
        const hint =
          scope.inputs.length === 0
            ? 'this workflow declares no inputs; add it under inputs:'
            : `declared inputs: ${scope.inputs.join(', ')}`;
        const message = `unknown input ${JSON.stringify(name)}${scope.suggester.tail(name, scope.inputs, hint)}`;
        return { code: 'schema', message, depth: 1 };
      }
      if (path.length > 1) {
        const message = `${referenceText('inputs', [first])} is a single value; it has no ${JSON.stringify(String(second))}`;
        return { code: 'schema', message, depth: 2 };
      }
      return undefined;
    }
    case 'event': {
      const problem = eventReferenceProblem(path, scope.suggester);
      return problem === undefined ? undefined : { code: 'schema', ...problem };
    }
    case 'workflow':
      if (first === undefined || (first === 'name' && path.length === 1)) return undefined;
      return { code: 'schema', message: 'workflow has only "name"', depth: 1 };
    case 'secrets': {
      const name = String(first);
      if (!SECRET_NAME.test(name)) {
        const message = `${JSON.stringify(name)} is not a secret's name: use letters, digits and _, not starting with a digit`;
        return { code: 'schema', message, depth: 1 };
      }
      const known = scope.secretNames;
      if (known === undefined || known.includes(name)) return undefined;
      const hint = `set it with: arcflow secret set ${name}`;
      const message = `unknown secret ${name}${scope.suggester.tail(name, known, hint)}`;
      return { code: 'schema', message, depth: 1 };
    }
    case 'steps': {
      if (first === undefined) {
        const message = 'write steps.<id>.outputs.<name> or steps.<id>.status';
        return { code: 'schema', message, depth: 0 };
      }
      const id = String(first);
      const target = indexOf(scope).get(id);
      if (target === undefined) {
        const ids = [...indexOf(scope).keys()];
        const message = `no step ${JSON.stringify(id)}${scope.suggester.tail(id, ids)}`;
        return { code: 'missing-dependency', message, depth: 1 };
      }
      const self = idOf(scope.steps[step]);
      if (target === step || !upstreamOf(scope, step).has(id)) {
        const who = self === undefined ? `steps[${step}]` : `step ${JSON.stringify(self)}`;
        const message =
          target === step
            ? `${who} refers to its own ${referenceText('steps', [id])}; a step can read only the steps upstream of it`
            : `${who} refers to ${referenceText('steps', [id])}, which is not upstream of it; add ${JSON.stringify(id)} to its depends_on`;
        return { code: 'missing-dependency', message, depth: 1, standalone: true };
      }
      if (second === 'status') {
        if (path.length === 2) return undefined;
        const message = `${referenceText('steps', [id, 'status'])} is a single value; it has no ${JSON.stringify(String(third))}`;
        return { code: 'schema', message, depth: 3 };
      }
      if (second !== 'outputs') {
        const what = second === undefined ? 'nothing' : JSON.stringify(String(second));
        const message = `after ${referenceText('steps', [id])} write .outputs.<name> or .status, not ${what}`;
        return { code: 'schema', message, depth: 2 };
      }
      if (third === undefined) return undefined;
      const actionName = actionOf(scope.steps[target]);
      const spec = actionName === undefined ? undefined : scope.actions.get(actionName);
      const declared = spec?.outputs;
      if (spec?.openOutputs || declared === undefined || Object.hasOwn(declared, third))
        return undefined;
      const names = Object.keys(declared);
      const name = String(third);
      const hint = names.length === 0 ? 'it sets no outputs' : `it has ${names.join(', ')}`;
      const message = `action ${JSON.stringify(actionName)} has no output ${JSON.stringify(name)}${scope.suggester.tail(name, names, hint)}`;
      return { code: 'schema', message, depth: 3 };
    }
    default:
      return undefined;
  }
}

/** Most workflows have no expression that names a step: the index is built for the first. */
function indexOf(scope: Scope): Map<string, number> {
  if (scope.stepIndex !== undefined) return scope.stepIndex;
  const index = new Map<string, number>();
  scope.steps.forEach((step, i) => {
    const id = isRecord(step) ? step.id : undefined;
    if (typeof id === 'string' && !index.has(id)) index.set(id, i);
  });
  scope.stepIndex = index;
  return index;
}

/** Ids of every step that `step` depends on, directly or not (cycles tolerated). */
function upstreamOf(scope: Scope, step: number): Set<string> {
  const known = scope.upstream.get(step);
  if (known) return known;
  const seen = new Set<string>();
  const queue = [step];
  for (let head = 0; head < queue.length; head++) {
    for (const dep of dependsOn(scope.steps[queue[head] as number])) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      const next = indexOf(scope).get(dep);
      if (next !== undefined) queue.push(next);
    }
  }
  scope.upstream.set(step, seen);
  return seen;
}

function at(
  scope: Scope,
  step: number,
  path: PropertyKey[],
  anchor: string,
  text: string,
  offset: number,
  message: string,
): void {
  const occurrence = countBefore(text, anchor, offset);
  const position = scope.locator.positionInString(path, anchor, occurrence, offset);
  scope.report('schema', position, `${prefix(scope, step, path)}${message}`);
}

/** `step "deploy": with.url: ` */
function prefix(scope: Scope, step: number, path: PropertyKey[]): string {
  return `${stepLabel(scope.steps[step], step)}: ${formatPath(path.slice(2))}: `;
}

function countBefore(text: string, needle: string, offset: number): number {
  let count = 0;
  for (let i = text.indexOf(needle); i >= 0 && i < offset; i = text.indexOf(needle, i + 1)) count++;
  return count;
}

function forEachString(
  value: unknown,
  path: PropertyKey[],
  visit: (text: string, path: PropertyKey[]) => void,
): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) forEachString(item, [...path, i], visit);
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) forEachString(item, [...path, key], visit);
  }
}

function dependsOn(step: unknown): string[] {
  const deps = isRecord(step) ? step.depends_on : undefined;
  if (typeof deps === 'string') return [deps];
  return Array.isArray(deps) ? deps.filter((dep): dep is string => typeof dep === 'string') : [];
}

function idOf(step: unknown): string | undefined {
  const id = isRecord(step) ? step.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function actionOf(step: unknown): string | undefined {
  const action = isRecord(step) ? step.action : undefined;
  return typeof action === 'string' ? action : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
