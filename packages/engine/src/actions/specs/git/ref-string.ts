import { z } from 'zod';

/**
 * A branch, tag or other ref given in `with:`; never something git would read as an option.
 * Call `.describe()` last (after `.optional()`), or zod drops the description.
 */
export function refString() {
  return z
    .string()
    .min(1)
    .regex(/^[^-\s][^\s]*$/, 'must not start with "-" or contain whitespace');
}
