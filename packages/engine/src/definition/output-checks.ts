import { referencesOf, referenceText } from '../expressions/ast.ts';
import { parseExpression } from '../expressions/parse.ts';
import { scanTemplate } from '../expressions/template.ts';
import { ExpressionError } from '../expressions/types.ts';
import type { ReportAt } from './expression-checks.ts';
import type { Locator } from './source.ts';
import { Suggester } from './suggest.ts';

/**
 * The workflow's `outputs:` are evaluated when the run succeeded, over every step of it: each
 * expression must parse and name only declared inputs, steps of this workflow and the
 * workflow's name.
 */
export function checkWorkflowOutputs(
  raw: Record<string, unknown>,
  rawSteps: readonly unknown[],
  locator: Locator,
  report: ReportAt,
): void {
  const outputs = raw.outputs;
  if (!isRecord(outputs)) return;
  const stepIds = rawSteps.flatMap((step) =>
    isRecord(step) && typeof step.id === 'string' ? [step.id] : [],
  );
  const inputNames = isRecord(raw.inputs) ? Object.keys(raw.inputs) : [];
  const suggester = new Suggester();
  for (const [name, text] of Object.entries(outputs)) {
    if (typeof text !== 'string') continue; // a schema error already
    const path = ['outputs', name];
    const scan = scanTemplate(text);
    if ('error' in scan) {
      report('schema', locator.locate(path), `outputs.${name}: ${scan.error}`);
      continue;
    }
    for (const part of scan.parts) {
      if (part.kind !== 'expression') continue;
      const problem = referenceProblem(part.source, stepIds, inputNames, suggester);
      if (problem !== undefined) {
        report('schema', locator.locate(path), `outputs.${name}: ${problem}`);
      }
    }
  }
}

function referenceProblem(
  source: string,
  stepIds: readonly string[],
  inputNames: readonly string[],
  suggester: Suggester,
): string | undefined {
  let expr: ReturnType<typeof parseExpression>;
  try {
    expr = parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return `${error.message} in "${source}"`;
    throw error;
  }
  for (const ref of referencesOf(expr)) {
    const [first, second] = ref.path;
    switch (ref.root) {
      case 'steps': {
        const id = first === undefined ? '' : String(first);
        if (!stepIds.includes(id)) {
          return `no step ${JSON.stringify(id)} in this workflow${suggester.tail(id, stepIds)}`;
        }
        if (second !== 'outputs' && second !== 'status') {
          return `after ${referenceText('steps', [id])} write .outputs.<name> or .status`;
        }
        break;
      }
      case 'inputs': {
        const name = first === undefined ? '' : String(first);
        if (!inputNames.includes(name)) {
          return `unknown input ${JSON.stringify(name)}${suggester.tail(name, inputNames)}`;
        }
        break;
      }
      case 'workflow':
        break;
      default:
        return `${ref.root}.… cannot be read in outputs:; use steps.<id>.outputs.<name> or inputs.<name>`;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
