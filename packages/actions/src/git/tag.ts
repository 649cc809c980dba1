import { z } from 'zod';
import { StepFailure } from '../../errors.ts';
import type { Action } from '../types.ts';
import { identityArgs, refString, resolveCommit, short } from './repo.ts';
import { runGit } from './run-git.ts';

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

export const gitTagAction: Action<typeof gitTagInput> = {
  name: 'git-tag',
  description: 'Tags a commit (HEAD by default), annotated when a message is given.',
  input: gitTagInput,
  outputs: {
    tag: 'The name of the tag.',
    sha: 'The commit the tag points at.',
    created: 'Whether the tag was created (false when an existing tag was skipped).',
  },
  async run(ctx) {
    const { name, message, sha: ref = 'HEAD', if_exists } = ctx.input;
    const valid = await runGit(ctx, ['check-ref-format', `refs/tags/${name}`], { okCodes: [1] });
    if (valid.code !== 0) {
      throw new StepFailure({
        reason: 'error',
        message: `"${name}" is not a valid tag name`,
        summary: `"${name}" is not a valid tag name (see \`git check-ref-format\`)`,
        retriable: false,
      });
    }
    const target = await resolveCommit(ctx, ref);
    if (target === undefined) {
      throw new StepFailure({
        reason: 'error',
        message: `cannot tag ${ref}: no such commit`,
        summary: `cannot tag ${ref}: no such commit, branch or tag`,
        retriable: false,
      });
    }

    const existing = await resolveCommit(ctx, `refs/tags/${name}`);
    if (existing !== undefined) {
      if (if_exists === 'skip') {
        return {
          outputs: { tag: name, sha: existing, created: false },
          summary: `tag ${name} already exists at ${short(existing)}; skipped`,
        };
      }
      throw new StepFailure({
        reason: 'error',
        message: `tag ${name} already exists`,
        summary: `tag ${name} already exists at ${short(existing)} (set if_exists: skip to keep it)`,
        retriable: false,
        details: { tag: name, sha: existing },
      });
    }

    if (message === undefined) await runGit(ctx, ['tag', name, target]);
    else {
      const identity = await identityArgs(ctx);
      await runGit(ctx, [...identity, 'tag', '--annotate', '--message', message, name, target]);
    }
    const kind = message === undefined ? 'tagged' : 'tagged (annotated)';
    return {
      outputs: { tag: name, sha: target, created: true },
      summary: `${kind} ${short(target)} as ${name}`,
    };
  },
};
