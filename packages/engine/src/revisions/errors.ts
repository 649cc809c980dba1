import { Suggester } from '../definition/suggest.ts';
import { ArcflowError } from '../errors.ts';

/** A resume, retry or rerun asked for something the run cannot do. Never retried. */
export class RetellingRequestError extends ArcflowError {
  override readonly name: string = 'RetellingRequestError';
  readonly retriable = false;
}

/** A request named a step the definition does not have. */
export class UnknownStepError extends RetellingRequestError {
  override readonly name = 'UnknownStepError';
  /** The step asked for. */
  readonly step: string;
  /** The definition's steps, in declaration order. */
  readonly known: readonly string[];
  /** The known step `step` is most likely a typo of. */
  readonly suggestion: string | undefined;

  constructor(step: string, known: readonly string[], options?: ErrorOptions) {
    const suggester = new Suggester();
    const suggestion = suggester.closest(step, known);
    const hint = known.length === 0 ? 'the workflow has no steps' : `steps: ${known.join(', ')}`;
    super(`unknown step "${step}"${suggester.tail(step, known, hint)}`, options);
    this.step = step;
    this.known = known;
    this.suggestion = suggestion;
  }
}
