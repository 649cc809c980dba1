import { ArcflowError } from '../errors.ts';
import type { StepStatus } from '../statuses.ts';

/**
 * What an expression may read: the run's inputs, the steps upstream of the one being
 * resolved, and the workflow's name. Pure data, so evaluation needs no run, clock or I/O.
 */
export interface ExpressionContext {
  inputs: Record<string, unknown>;
  steps: Record<string, { status: StepStatus; outputs: Record<string, unknown> }>;
  workflow: { name: string };
}

/**
 * An expression could not be parsed or evaluated (`${{ steps.build.outputs.x.y }}` where `x`
 * is undefined, an unknown function, …). Never retried: the same inputs give the same error.
 */
export class ExpressionError extends ArcflowError {
  override readonly name = 'ExpressionError';
  readonly retriable = false;
  /** The expression's text, without `${{ }}`. */
  readonly expression: string;
  /** Where in `expression` the problem is (0-based), when known. */
  readonly index: number | undefined;

  constructor(message: string, expression: string, options?: ErrorOptions & { index?: number }) {
    super(message, options);
    this.expression = expression;
    this.index = options?.index;
  }
}
