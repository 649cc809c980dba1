import type { FailureInfo } from './actions/types.ts';

/** Base of the engine's named errors: each says whether another attempt could help. */
export abstract class ArcflowError extends Error {
  abstract readonly retriable: boolean;
}

/** An action reports an expected failure (non-zero exit, timeout, cancel…). Retried per `retries`. */
export class StepFailure extends ArcflowError {
  override readonly name = 'StepFailure';
  readonly retriable = true;
  readonly failure: FailureInfo;

  constructor(failure: FailureInfo, options?: ErrorOptions) {
    super(failure.message, options);
    this.failure = failure;
  }
}

/** The inputs given to an action (`with:`) are not what it accepts. Never retried. */
export class ActionInputError extends ArcflowError {
  override readonly name = 'ActionInputError';
  readonly retriable = false;
}

/** A failure that another attempt cannot fix. Never retried. */
export class NonRetriableError extends ArcflowError {
  override readonly name = 'NonRetriableError';
  readonly retriable = false;
}

/** What the runner records when an action throws: any error becomes a FailureInfo. */
export function toFailureInfo(error: unknown): FailureInfo {
  if (error instanceof StepFailure) return error.failure;
  if (error instanceof ArcflowError) {
    return { reason: 'error', message: error.message, retriable: error.retriable };
  }
  if (error instanceof Error) return { reason: 'error', message: error.message };
  return { reason: 'error', message: String(error) };
}
