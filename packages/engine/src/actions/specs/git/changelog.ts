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
        "The version the new section is for, e.g. `1.4.0`; written in the file's own heading style (Keep a Changelog, conventional-changelog or plain, with its `v` prefix, dates and compare links). A section for the same version is replaced. Default: Unreleased.",
      ),
    since: refString()
      .optional()
      .describe(
        'The tag or commit to start after. Default: the latest tag reachable from HEAD, or every commit when there is none.',
      ),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-01-31')
      .optional()
      .describe(
        "The release date, written in the heading when the file's headings have dates. Default: today (UTC).",
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
    'Groups the Conventional Commits since the last tag (merges left out, dependency-bot bumps on one line) into a Markdown section in the style of CHANGELOG.md and puts it at the top, below the title and introduction.',
  input: changelogInput,
  outputs: {
    markdown: 'The new section, in Markdown.',
    commits: 'How many commits the section covers (merge commits left out).',
    breaking: 'Whether any of them is a breaking change.',
    since:
      'The tag or commit the section starts after (the root commit, included, when there is no tag).',
  },
};
