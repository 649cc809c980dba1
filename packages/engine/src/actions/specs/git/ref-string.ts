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

/**
 * A branch, or `''` for "the repository's default branch": a workflow input left empty
 * (`target: ""`) reaches the action as an empty string, and means "work it out".
 */
export function branchOrDefault() {
  return z.union([z.literal(''), refString()]);
}

/** How the git actions find the default branch, for `.describe()` texts. */
export const DEFAULT_BRANCH_RULE =
  "the repository's default branch: the remote's HEAD (`origin/HEAD`), else the branch checked out, else `init.defaultBranch`, `main` or `master`, whichever exists";
