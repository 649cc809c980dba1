import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';

export const depsOutdatedInput = z
  .object({})
  .strict()
  .describe('Lists the npm or pnpm dependencies that have newer versions.');

export type DepsOutdatedInput = z.output<typeof depsOutdatedInput>;

export const depsOutdatedSpec: ActionSpec<typeof depsOutdatedInput> = {
  name: 'deps-outdated',
  description:
    'Lists the dependencies with newer versions (`npm outdated` / `pnpm outdated`, chosen by lockfile).',
  input: depsOutdatedInput,
  outputs: {
    outdated: 'The dependencies that are behind, as { name, current, wanted, latest, type }.',
    count: 'How many dependencies are behind.',
    manager: 'The package manager used: npm or pnpm.',
  },
};
