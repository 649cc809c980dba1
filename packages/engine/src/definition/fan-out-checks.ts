import type { Segment } from '../expressions/ast.ts';
import { scanTemplate, soleExpression } from '../expressions/template.ts';
import { matrixCombinations, matrixKeys, matrixSpecOf } from '../fan-out/matrix.ts';
import { MAX_MATRIX_INSTANCES, MAX_STEPS } from './limits.ts';
import type { Report } from './step-checks.ts';
import { stepLabel } from './step-checks.ts';
import { Suggester } from './suggest.ts';

/**
 * The checks of `matrix`, `for_each`, `fail_fast` and `max_parallel` that the schema cannot
 * make: one of matrix and for_each, a matrix with between 1 and MAX_MATRIX_INSTANCES
 * combinations, a for_each that is one expression, and the workflow's size once expanded.
 */
export function checkFanOut(rawSteps: readonly unknown[], report: Report): void {
  let expanded = rawSteps.length;
  rawSteps.forEach((step, index) => {
    if (!isRecord(step)) return;
    const label = stepLabel(step, index);
    const path = (key: string) => ['steps', index, key];
    const hasMatrix = isRecord(step.matrix);
    const hasForEach = typeof step.for_each === 'string';
    if (hasMatrix && hasForEach) {
      const message = `${label}: has both matrix and for_each; a step fans out over one of them`;
      report('schema', path('for_each'), message, 'key');
    }
    for (const key of ['fail_fast', 'max_parallel']) {
      if (step[key] !== undefined && !hasMatrix && !hasForEach) {
        const message = `${label}: ${key} applies to a step with matrix or for_each`;
        report('schema', path(key), message, 'key');
      }
    }
    if (hasMatrix) {
      const spec = matrixSpecOf(step.matrix as Record<string, unknown>);
      const combinations = matrixCombinations(spec, MAX_MATRIX_INSTANCES);
      if (combinations.length === 0) {
        const message =
          Object.keys(spec.axes).length === 0
            ? `${label}: the matrix has no axes; give lists like node: [20, 22], or include: entries`
            : `${label}: exclude leaves the matrix no combination to run`;
        report('schema', path('matrix'), message, 'key');
      } else if (combinations.length > MAX_MATRIX_INSTANCES) {
        const message = `${label}: the matrix has more than ${MAX_MATRIX_INSTANCES} combinations; split it or use exclude`;
        report('schema', path('matrix'), message, 'key');
      }
      expanded += combinations.length;
    }
    if (hasForEach) checkForEach(step.for_each as string, label, path('for_each'), report);
  });
  if (expanded > MAX_STEPS) {
    const message = `with its matrices expanded the workflow has ${expanded} steps; at most ${MAX_STEPS} are allowed`;
    report('too-many-steps', ['steps'], message, 'key');
  }
}

function checkForEach(text: string, label: string, path: PropertyKey[], report: Report): void {
  const scan = scanTemplate(text);
  // A template that does not scan is reported by the expression checks.
  if ('error' in scan) return;
  if (soleExpression(scan.parts) === undefined) {
    const message = `${label}: for_each is one expression giving a list, like \${{ steps.list.outputs.packages }}`;
    report('schema', path, message);
  }
}

/** What is wrong with a `matrix.*` or `item` reference in `step`'s field `field`, if anything. */
export function fanOutReferenceProblem(
  step: unknown,
  root: 'matrix' | 'item',
  path: readonly Segment[],
  field: readonly PropertyKey[],
): { code: 'schema'; message: string; depth: number } | undefined {
  const raw = isRecord(step) ? step : {};
  if (field[2] === 'for_each' || field[2] === 'matrix') {
    return {
      code: 'schema',
      message: `${root} is known only inside each instance, not in ${String(field[2])} itself`,
      depth: 0,
    };
  }
  if (root === 'item') {
    if (typeof raw.for_each === 'string') return undefined;
    return {
      code: 'schema',
      message: 'item is read in a step with for_each:, one item per instance',
      depth: 0,
    };
  }
  if (!isRecord(raw.matrix)) {
    return {
      code: 'schema',
      message: 'matrix is read in a step with matrix:, like ${{ matrix.node }}',
      depth: 0,
    };
  }
  const [key] = path;
  if (key === undefined) return undefined;
  const keys = matrixKeys(matrixSpecOf(raw.matrix));
  const name = String(key);
  if (keys.includes(name)) return undefined;
  const hint = `its keys: ${keys.join(', ')}`;
  return {
    code: 'schema',
    message: `the matrix has no key ${JSON.stringify(name)}${new Suggester().tail(name, keys, hint)}`,
    depth: 1,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
