import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';

/** An npm package name (scoped or not): never an option or a path. */
const PACKAGE_NAME = /^(@[a-z0-9][\w.~-]*\/)?[a-z0-9~][\w.~-]*$/i;

export const depsUpdateInput = z
  .object({
    packages: z
      .array(
        z.string().regex(PACKAGE_NAME, 'expected a package name such as `react` or `@types/node`'),
      )
      .min(1)
      .optional()
      .describe('The packages to update, by name. Default: all direct dependencies.'),
    latest: z
      .boolean()
      .default(false)
      .describe(
        'Move to the latest versions, past the ranges in package.json (which are rewritten). Default: false, stay within the ranges.',
      ),
  })
  .strict()
  .describe('Updates npm or pnpm dependencies and reports what changed.');

export type DepsUpdateInput = z.output<typeof depsUpdateInput>;

export const depsUpdateSpec: ActionSpec<typeof depsUpdateInput> = {
  name: 'deps-update',
  description:
    'Updates dependencies with npm or pnpm (chosen by lockfile), within their ranges or to the latest, and lists what changed.',
  input: depsUpdateInput,
  outputs: {
    changed: 'The dependencies whose installed version changed, as { name, from, to }.',
    count: 'How many dependencies changed.',
    manager: 'The package manager used: npm or pnpm.',
  },
};
