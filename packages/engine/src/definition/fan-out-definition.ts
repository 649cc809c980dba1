import { expandMatrix } from '../fan-out/expand.ts';
import { matrixCombinations, matrixSpecOf } from '../fan-out/matrix.ts';
import type { StepOutput } from './schema.ts';
import type { FanOut, StepDefinition } from './types.ts';

/** A step's `matrix`/`for_each` fields as its definition keeps them; undefined for most steps. */
export function fanOutOf(step: StepOutput, needs: string[]): FanOut | undefined {
  if (step.matrix === undefined && step.for_each === undefined) return undefined;
  return {
    kind: step.matrix === undefined ? 'for_each' : 'matrix',
    failFast: step.fail_fast ?? true,
    ...(step.max_parallel === undefined ? {} : { maxParallel: step.max_parallel }),
    needs,
    ...(step.for_each === undefined ? {} : { forEach: step.for_each.trim() }),
  };
}

/**
 * The steps with every matrix expanded: each matrix step's instances just before it (the
 * workflow was checked, so every matrix has between 1 and MAX_MATRIX_INSTANCES combinations).
 * The list itself when no step has a matrix.
 */
export function fannedOut(
  written: readonly StepOutput[],
  steps: StepDefinition[],
): StepDefinition[] {
  if (!written.some((step) => step.matrix !== undefined)) return steps;
  const result: StepDefinition[] = [];
  steps.forEach((step, index) => {
    const matrix = written[index]?.matrix;
    if (matrix === undefined) {
      result.push(step);
      return;
    }
    const { instances, join } = expandMatrix(step, matrixCombinations(matrixSpecOf(matrix)));
    result.push(...instances, join);
  });
  return result;
}
