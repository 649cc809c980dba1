import type { ReportAt } from './expression-checks.ts';
import { resolveRunInputs } from './inputs.ts';
import { formatPath } from './issues.ts';
import { checkWorkflowOutputs } from './output-checks.ts';
import type { Locator } from './source.ts';
import { containsExpression, type Report, type StepInputs, stepLabel } from './step-checks.ts';
import { Suggester } from './suggest.ts';
import type { WorkflowDefinition } from './types.ts';

/** How deep workflows may use workflows that use workflows. */
export const MAX_SUB_WORKFLOW_DEPTH = 10;

/** Finds the workflows `uses:` names (the runner reads them from the workspace and templates). */
export interface SubWorkflowLookup {
  /**
   * The workflow named `name`, validated on its own; undefined when there is none. Without
   * `definition` it exists but is not valid.
   */
  find(name: string): { definition?: WorkflowDefinition } | undefined;
  /** Every workflow name there is, for a did-you-mean. */
  names(): readonly string[];
}

/**
 * The checks of `uses:` steps and `outputs:`: a step has exactly one of `action:` and `uses:`;
 * with a lookup, the used workflow exists, takes the `with:` given (names, required inputs,
 * types of values written out), and no chain of `uses:` comes back to a workflow on it or
 * nests deeper than `MAX_SUB_WORKFLOW_DEPTH`. Fills in `inputs` for `uses:` steps (their
 * `with:` as written: the child run checks them again once expressions are filled in).
 */
export function checkSubWorkflows(
  raw: Record<string, unknown>,
  rawSteps: readonly unknown[],
  inputs: StepInputs,
  lookup: SubWorkflowLookup | undefined,
  locator: Locator,
  report: Report,
  reportAt: ReportAt,
): void {
  if (raw.outputs !== undefined) checkWorkflowOutputs(raw, rawSteps, locator, reportAt);
  const suggester = new Suggester();
  const self = typeof raw.name === 'string' ? raw.name : undefined;
  for (let index = 0; index < rawSteps.length; index++) {
    const step = rawSteps[index];
    if (!isRecord(step)) continue;
    const hasAction = step.action !== undefined;
    if (step.uses === undefined && hasAction) continue; // the common step: nothing to check
    const label = stepLabel(step, index);
    if (step.uses === undefined) {
      if (!hasAction) {
        report(
          'schema',
          ['steps', index],
          `${label}: says nothing to do; give it action: (an action to run) or uses: (a workflow to run)`,
        );
      }
      continue;
    }
    if (hasAction) {
      report(
        'schema',
        ['steps', index, 'uses'],
        `${label}: has both action: and uses:; a step runs an action or uses a workflow, so remove one`,
        'key',
      );
      continue;
    }
    if (typeof step.uses !== 'string') continue; // a schema error already
    const given = step.with === undefined ? {} : step.with;
    if (!isRecord(given)) continue; // a schema error already
    inputs[index] = given;
    if (lookup === undefined) continue;
    const found = lookup.find(step.uses);
    const at = ['steps', index, 'uses'];
    if (found === undefined) {
      const names = [...lookup.names()].sort();
      const hint = names.length === 0 ? undefined : `known workflows: ${names.join(', ')}`;
      report(
        'unknown-workflow',
        at,
        `${label}: no workflow named ${JSON.stringify(step.uses)} in the workspace or the templates${suggester.tail(step.uses, names, hint)}`,
      );
      continue;
    }
    if (found.definition === undefined) {
      report(
        'unknown-workflow',
        at,
        `${label}: workflow ${JSON.stringify(step.uses)} is not valid; see arcflow validate ${step.uses}`,
      );
      continue;
    }
    const problem = chainProblem([self ?? '(this workflow)', step.uses], lookup, new Set());
    if (problem !== undefined) {
      report('cycle', at, `${label}: ${problem}`);
      continue;
    }
    checkChildInputs(found.definition, given, index, label, suggester, report);
  }
}

/** `with:` against the child's `inputs:`: unknown names, missing required ones, wrong types. */
function checkChildInputs(
  child: WorkflowDefinition,
  given: Record<string, unknown>,
  index: number,
  label: string,
  suggester: Suggester,
  report: Report,
): void {
  const names = child.inputs.map((input) => input.name);
  for (const [name, value] of Object.entries(given)) {
    const input = child.inputs.find((candidate) => candidate.name === name);
    const path = ['steps', index, 'with', name];
    if (input === undefined) {
      const hint =
        names.length === 0
          ? `workflow ${JSON.stringify(child.name)} takes no inputs`
          : `${JSON.stringify(child.name)} takes: ${names.join(', ')}`;
      report(
        'bad-input',
        path,
        `${label}: ${formatPath(['with', name])}: unknown input${suggester.tail(name, names, hint)}`,
        'key',
      );
      continue;
    }
    if (value === null || containsExpression(value)) continue;
    const checked = resolveRunInputs({ inputs: [input] }, { [name]: value });
    if ('errors' in checked) {
      report('bad-input', path, `${label}: ${formatPath(['with', name])}: ${checked.errors[0]}`);
    }
  }
  for (const input of child.inputs) {
    if (!input.required || Object.hasOwn(given, input.name)) continue;
    const about = input.description ? ` (${input.description})` : '';
    report(
      'bad-input',
      ['steps', index, 'uses'],
      `${label}: workflow ${JSON.stringify(child.name)} needs input ${JSON.stringify(input.name)}${about}; add it under with:`,
    );
  }
}

/**
 * What is wrong with the chain of `uses:` that starts with `path` (this workflow, then the one
 * its step uses): a cycle ("a → b → a") or nesting deeper than allowed; undefined when every
 * chain from there ends. `clean` remembers workflows already followed to their ends.
 */
function chainProblem(
  path: string[],
  lookup: SubWorkflowLookup,
  clean: Set<string>,
): string | undefined {
  const last = path.at(-1)!;
  const first = path.indexOf(last);
  if (first < path.length - 1) {
    return `sub-workflow cycle: ${path.slice(first).join(' → ')}${first > 0 ? ` (reached through ${path.slice(0, first + 1).join(' → ')})` : ''}`;
  }
  if (path.length - 1 > MAX_SUB_WORKFLOW_DEPTH) {
    return `sub-workflows nest more than ${MAX_SUB_WORKFLOW_DEPTH} deep: ${path.join(' → ')}`;
  }
  if (clean.has(last)) return undefined;
  const definition = lookup.find(last)?.definition;
  for (const step of definition?.steps ?? []) {
    if (step.uses === undefined) continue;
    const problem = chainProblem([...path, step.uses], lookup, clean);
    if (problem !== undefined) return problem;
  }
  clean.add(last);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
