import { ArcflowError } from '../errors.ts';
import type { StepStatus } from '../statuses.ts';
import type { TriggerEvent } from '../triggers/event.ts';

/**
 * What an expression may read: the run's inputs, the steps upstream of the one being
 * resolved, the workflow's name and the event that started the run. Pure data, so evaluation needs no run, clock or I/O.
 */
export interface ExpressionContext {
  inputs: Record<string, unknown>;
  steps: Record<string, { status: StepStatus; outputs: Record<string, unknown> }>;
  workflow: { name: string };
  /** What started the run (`${{ event.* }}`); absent: a manual run by nobody named. */
  event?: TriggerEvent;
  /** The values of a matrix instance (`${{ matrix.node }}`). */
  matrix?: Record<string, unknown>;
  /** The item of a `for_each` instance (`${{ item }}`); `hasItem` tells an absent one from null. */
  item?: unknown;
  hasItem?: boolean;
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
