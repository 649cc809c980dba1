import type { ActionSpecRegistry } from '../actions/registry.ts';
import type { ActionSpec } from '../actions/types.ts';
import type { DiagnosticCode } from '../diagnostics.ts';
import { hasExpression } from '../expressions/template.ts';
import { cyclesAmong } from '../graph/cycles.ts';
import { formatPath, humanizeIssue } from './issues.ts';
import type { Locator } from './source.ts';
import { Suggester } from './suggest.ts';

export type Report = (
  code: DiagnosticCode,
  path: readonly PropertyKey[],
  message: string,
  at?: 'value' | 'key',
) => void;

/** What the checks can read from a step that may not have passed the schema. */
interface StepView {
  index: number;
  id: string | undefined;
  action: string | undefined;
  /** The ids in depends_on that are strings. */
  dependsOn: readonly string[];
  /**
   * `dependsOn[i]` is `depends_on[dependsOnAt[i]]`; -1 when depends_on is one string;
   * undefined when depends_on is a list of strings only, so that `dependsOn` is that list.
   */
  dependsOnAt: readonly number[] | undefined;
  with: unknown;
}

/** `inputs[i]`: step i's inputs as its action parsed them; empty where they were not read. */
export type StepInputs = (Record<string, unknown> | undefined)[];

/** How a step is named in messages: `step "build"`, or `steps[3]` when it has no usable id. */
export function stepLabel(step: unknown, index: number): string {
  const id = isRecord(step) ? step.id : undefined;
  return typeof id === 'string' ? `step ${JSON.stringify(id)}` : `steps[${index}]`;
}

/**
 * The checks that need the whole workflow or the action registry: duplicate ids, unknown
 * actions, missing dependencies, cycles and action inputs. They read the raw steps leniently,
 * so a step with a schema error elsewhere is still checked. Returns each step's parsed inputs.
 */
export function checkSteps(
  rawSteps: readonly unknown[],
  actions: ActionSpecRegistry,
  locator: Locator,
  report: Report,
): StepInputs {
  const steps = rawSteps.map(viewStep);
  const suggester = new Suggester();
  const firstIndexOf = checkDuplicateIds(steps, locator, report);
  checkDependencies(steps, firstIndexOf, suggester, report);
  return checkActions(steps, actions, suggester, report);
}

const NO_IDS: readonly string[] = [];
const ONE_STRING: readonly number[] = [-1];

function viewStep(raw: unknown, index: number): StepView {
  const step = isRecord(raw) ? raw : {};
  const deps = step.depends_on;
  let dependsOn = NO_IDS;
  let dependsOnAt: readonly number[] | undefined;
  if (typeof deps === 'string') {
    dependsOn = [deps];
    dependsOnAt = ONE_STRING;
  } else if (Array.isArray(deps)) {
    if (deps.every((id) => typeof id === 'string')) dependsOn = deps;
    else {
      const ids: string[] = [];
      const at: number[] = [];
      deps.forEach((id, i) => {
        if (typeof id !== 'string') return;
        ids.push(id);
        at.push(i);
      });
      dependsOn = ids;
      dependsOnAt = at;
    }
  }
  return {
    index,
    id: typeof step.id === 'string' ? step.id : undefined,
    action: typeof step.action === 'string' ? step.action : undefined,
    dependsOn,
    dependsOnAt,
    with: step.with,
  };
}

/** Where the `i`-th usable id of a step's depends_on sits. */
function dependencyPath(step: StepView, i: number): PropertyKey[] {
  const at = step.dependsOnAt === undefined ? i : step.dependsOnAt[i]!;
  return at < 0 ? ['steps', step.index, 'depends_on'] : ['steps', step.index, 'depends_on', at];
}

function checkDuplicateIds(
  steps: StepView[],
  locator: Locator,
  report: Report,
): Map<string, number> {
  const firstIndexOf = new Map<string, number>();
  for (const step of steps) {
    if (step.id === undefined) continue;
    const first = firstIndexOf.get(step.id);
    if (first === undefined) {
      firstIndexOf.set(step.id, step.index);
      continue;
    }
    const firstLine = locator.locate(['steps', first, 'id']).line;
    report(
      'duplicate-id',
      ['steps', step.index, 'id'],
      `duplicate step id ${JSON.stringify(step.id)} (first defined at line ${firstLine})`,
    );
  }
  return firstIndexOf;
}

/**
 * Unknown dependencies and cycles in one pass over the steps: each known dependency of a
 * step's first declaration becomes an edge in flat arrays (a repeat counts once), so no
 * second index of the ids or array per step is built.
 */
function checkDependencies(
  steps: StepView[],
  firstIndexOf: Map<string, number>,
  suggester: Suggester,
  report: Report,
): void {
  let edgeCount = 0;
  for (const step of steps) edgeCount += step.dependsOn.length;
  const start = new Int32Array(steps.length + 1);
  const edges = new Int32Array(edgeCount);
  // lastDependent[d] === i: step i already lists d.
  const lastDependent = new Int32Array(steps.length).fill(-1);
  let end = 0;
  let ids: string[] | undefined;
  for (const step of steps) {
    start[step.index] = end;
    const inGraph = step.id !== undefined && firstIndexOf.get(step.id) === step.index;
    const { dependsOn } = step;
    for (let i = 0; i < dependsOn.length; i++) {
      const id = dependsOn[i]!;
      const dep = firstIndexOf.get(id);
      if (dep !== undefined) {
        if (inGraph && lastDependent[dep] !== step.index) {
          lastDependent[dep] = step.index;
          edges[end++] = dep;
        }
        continue;
      }
      ids ??= [...firstIndexOf.keys()];
      const who =
        step.id === undefined ? `steps[${step.index}]` : `step ${JSON.stringify(step.id)}`;
      report(
        'missing-dependency',
        dependencyPath(step, i),
        `${who} depends on ${JSON.stringify(id)}, which is not a step in this workflow${suggester.tail(id, ids)}`,
      );
    }
  }
  start[steps.length] = end;

  const graph = { ids: steps.map((step) => step.id ?? ''), start, edges };
  // A graph with thousands of cycles is one mistake repeated; a hundred messages say enough.
  for (const cycle of cyclesAmong(graph, 100)) {
    const first = steps[firstIndexOf.get(cycle[0]!)!]!;
    const closing = cycle.at(-2)!;
    report(
      'cycle',
      dependencyPath(first, first.dependsOn.indexOf(closing)),
      `dependency cycle: ${cycle.join(' -> ')}`,
    );
  }
}

function checkActions(
  steps: StepView[],
  actions: ActionSpecRegistry,
  suggester: Suggester,
  report: Report,
): StepInputs {
  const inputs: StepInputs = new Array(steps.length);
  const known = [...actions.keys()].sort();
  const withoutInputsCache = new Map<ActionSpec, InputCheck>();
  for (const step of steps) {
    if (step.action === undefined) continue;
    const action = actions.get(step.action);
    if (action === undefined) {
      const hint = `known actions: ${known.join(', ')}`;
      report(
        'unknown-action',
        ['steps', step.index, 'action'],
        `unknown action ${JSON.stringify(step.action)}${suggester.tail(step.action, known, hint)}`,
      );
      continue;
    }
    // A `with:` that is not a map is already a schema error.
    if (step.with !== undefined && !isRecord(step.with)) continue;
    const fixed = staticInputsWithExpressions(action.staticInputs, step.with);
    for (const key of fixed) {
      report(
        'bad-input',
        [...withPathOf(step), key],
        `${labelOf(step)}: ${formatPath(['with', key])}: cannot be a \${{ }} expression; write it out, it must be known before the run starts`,
      );
    }
    if (fixed.length > 0) continue;
    // A value with `${{ }}` is known only when the step starts: the runner checks it then.
    const dynamic = containsExpression(step.with);
    try {
      const result =
        step.with === undefined
          ? withoutInputs(action, withoutInputsCache)
          : action.input.safeParse(step.with, { error: humanizeIssue });
      const issues = result.success
        ? []
        : result.error.issues.filter(
            (issue) =>
              issue.code === 'unrecognized_keys' || !touchesExpression(step.with, issue.path),
          );
      if (issues.length === 0) {
        const value =
          dynamic || !result.success
            ? step.with
            : step.with === undefined
              ? ownCopy(result.data)
              : result.data;
        inputs[step.index] = (value ?? {}) as Record<string, unknown>;
        continue;
      }
      for (const issue of issues) {
        const path = [...withPathOf(step), ...issue.path];
        const at = issue.code === 'unrecognized_keys' ? 'key' : 'value';
        // Without `with:` the action's demand is best shown at the action itself.
        const target =
          step.with === undefined
            ? ['steps', step.index, 'action']
            : issue.code === 'unrecognized_keys'
              ? [...path, issue.keys[0]!]
              : path;
        report(
          'bad-input',
          target,
          `${labelOf(step)}: ${formatPath(['with', ...issue.path])}: ${issue.message}`,
          at,
        );
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      report(
        'bad-input',
        withPathOf(step),
        `${labelOf(step)}: with: the inputs could not be checked (${reason})`,
      );
    }
  }
  return inputs;
}

function labelOf(step: StepView): string {
  return stepLabel({ id: step.id }, step.index);
}

function withPathOf(step: StepView): PropertyKey[] {
  return ['steps', step.index, 'with'];
}

type InputCheck = ReturnType<ActionSpec['input']['safeParse']>;

/**
 * An action's verdict on no inputs at all, the same for every step without `with:`: checked
 * once per action (a workflow of 10,000 `noop` steps asks 10,000 times).
 */
function withoutInputs(action: ActionSpec, cache: Map<ActionSpec, InputCheck>): InputCheck {
  let result = cache.get(action);
  if (result === undefined) {
    result = action.input.safeParse({}, { error: humanizeIssue });
    cache.set(action, result);
  }
  return result;
}

/** A copy of parsed inputs, so that steps sharing one cached verdict never share objects. */
function ownCopy(data: unknown): unknown {
  if (isRecord(data) && Object.keys(data).length === 0) return {};
  return structuredClone(data);
}

/** The inputs among `keys` that `with` gives as (or with) a `${{ }}` expression. */
function staticInputsWithExpressions(
  keys: readonly string[] | undefined,
  given: unknown,
): readonly string[] {
  if (keys === undefined || !isRecord(given)) return NO_IDS;
  return keys.filter((key) => containsExpression(given[key]));
}

/** True when `value` is, or holds somewhere inside, a string with a `${{ }}` expression. */
export function containsExpression(value: unknown): boolean {
  if (typeof value === 'string') return hasExpression(value);
  if (Array.isArray(value)) return value.some(containsExpression);
  if (isRecord(value)) return Object.values(value).some(containsExpression);
  return false;
}

/** Whether the value at `path` inside `root`, or one of the values on the way, holds an expression. */
function touchesExpression(root: unknown, path: readonly PropertyKey[]): boolean {
  let value = root;
  for (const segment of path) {
    if (typeof value === 'string') return hasExpression(value);
    if (value === null || typeof value !== 'object') return false;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return containsExpression(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
