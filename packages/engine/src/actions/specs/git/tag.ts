import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { refString } from './ref-string.ts';

export const gitTagInput = z
  .object({
    name: refString().describe('The tag to create, e.g. `v1.2.0`.'),
    message: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('Makes an annotated tag with this message. Default: a lightweight tag.'),
    sha: refString().optional().describe('The commit (or branch, or tag) to tag. Default: HEAD.'),
    if_exists: z
      .enum(['fail', 'skip'])
      .default('fail')
      .describe(
        'When the tag already exists: `fail` the step, or `skip` and keep it. Default: fail.',
      ),
  })
  .strict()
  .describe('Tags a commit in the workspace repository.');

export type GitTagInput = z.output<typeof gitTagInput>;

export const gitTagSpec: ActionSpec<typeof gitTagInput> = {
  name: 'git-tag',
  description: 'Tags a commit (HEAD by default), annotated when a message is given.',
  input: gitTagInput,
  irreversible: 'creates a tag',
  outputs: {
    tag: 'The name of the tag.',
    sha: 'The commit the tag points at.',
    created: 'Whether the tag was created (false when an existing tag was skipped).',
  },
};
