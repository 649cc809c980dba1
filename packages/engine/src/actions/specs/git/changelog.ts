import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { refString } from './ref-string.ts';

export const changelogInput = z
  .object({
    file: z
      .string()
      .min(1)
      .default('CHANGELOG.md')
      .describe(
        'The Markdown changelog, relative to the workspace; created if missing. Default: CHANGELOG.md.',
      ),
    version: z
      .string()
      .trim()
      .min(1)
      .default('Unreleased')
      .describe(
        'The heading of the new section, e.g. `1.4.0`; a section with the same heading is replaced. Default: Unreleased.',
      ),
    since: refString()
      .optional()
      .describe(
        'The tag or commit to start after. Default: the latest tag reachable from HEAD, or every commit when there is none.',
      ),
    write: z
      .boolean()
      .default(true)
      .describe(
        'Write the section into the file; false only computes the `markdown` output. Default: true.',
      ),
  })
  .strict()
  .describe('Writes a changelog section from the Conventional Commits since the last tag.');

export type ChangelogInput = z.output<typeof changelogInput>;

export const changelogSpec: ActionSpec<typeof changelogInput> = {
  name: 'changelog',
  description:
    'Groups the Conventional Commits since the last tag into a Markdown section and prepends it to CHANGELOG.md.',
  input: changelogInput,
  outputs: {
    markdown: 'The new section, in Markdown.',
    commits: 'How many commits the section covers (merge commits left out).',
    breaking: 'Whether any of them is a breaking change.',
    since:
      'The tag or commit the section starts after (the root commit, included, when there is no tag).',
  },
};
