import { z } from 'zod';
import { globProblem } from '../triggers/globs.ts';

/**
 * A step's `cache:`: when the files its `inputs` globs match, its action, `with`, environment
 * and `key` are all as in an earlier successful execution, the step is not run again and that
 * execution's outputs are restored (see the runner's `cache/`).
 */

/** Why `pattern` cannot name files of the workspace, or undefined. */
export function cacheInputProblem(pattern: string): string | undefined {
  const glob = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob)) {
    return `${JSON.stringify(pattern)} is an absolute path; write it relative to the workspace, e.g. src/**`;
  }
  if (glob.split(/[\\/]/).includes('..')) {
    return `${JSON.stringify(pattern)} leaves the workspace with ".."; inputs are files of the workspace`;
  }
  return globProblem(pattern);
}

export const cacheSchema = z
  .object({
    inputs: z
      .array(
        z
          .string()
          .superRefine((pattern, ctx) => {
            const problem = cacheInputProblem(pattern);
            if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
          })
          .meta({ description: 'A glob relative to the workspace; !pattern leaves files out.' }),
      )
      .min(1, {
        error: 'must list at least one glob, e.g. [src/**, package-lock.json]',
      })
      .meta({
        description:
          'Globs of the workspace files the step reads, e.g. [src/**, package-lock.json]. A change to any matching file (or a new or deleted one) runs the step again.',
      }),
    key: z.string().optional().meta({
      description: `Anything else the result depends on, e.g. \${{ inputs.node }}: part of the cache key. Expressions are resolved like with and env.`,
    }),
  })
  .strict()
  .meta({
    description:
      'Skip the step when nothing it depends on changed since a successful execution: same action, with, env, key and input files. Its outputs are restored and the story says so. `arcflow run --no-cache` runs it anyway.',
  });
