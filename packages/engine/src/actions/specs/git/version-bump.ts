import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { isValidPreid, parseVersion, RELEASE_LEVELS } from './semver.ts';

export const versionBumpInput = z
  .object({
    level: z
      .enum(['auto', ...RELEASE_LEVELS])
      .default('auto')
      .describe(
        'Which part to bump: auto, major, minor, patch, premajor, preminor, prepatch or prerelease. `auto` reads the Conventional Commits since the latest tag: a breaking change is major, a feature minor, anything else patch; before 1.0.0 a breaking change is minor and a feature patch (as standard-version does). Default: auto.',
      ),
    preid: z
      .string()
      .refine(isValidPreid, 'must be letters, digits and hyphens, e.g. `rc` or `beta`')
      .optional()
      .describe('The prerelease name for pre* levels, e.g. `rc` gives `1.3.0-rc.0`. Optional.'),
    file: z
      .string()
      .min(1)
      .default('package.json')
      .describe(
        'The JSON file holding `version`, relative to the workspace. Default: package.json.',
      ),
    version: z
      .string()
      .refine((v) => parseVersion(v) !== undefined, 'must be a semantic version such as 1.4.0')
      .optional()
      .describe('Set this exact version instead of bumping (`level` is then ignored). Optional.'),
    write: z
      .boolean()
      .default(true)
      .describe(
        'Write the new version into the files; false only computes the outputs (to show it for approval first). Default: true.',
      ),
  })
  .strict()
  .describe('Bumps the semantic version in package.json (and package-lock.json).');

export type VersionBumpInput = z.output<typeof versionBumpInput>;

export const versionBumpSpec: ActionSpec<typeof versionBumpInput> = {
  name: 'version-bump',
  description:
    "Bumps the `version` in a JSON manifest (package.json by default) and package-lock.json, keeping the file's formatting.",
  input: versionBumpInput,
  outputs: {
    previous: 'The version before the bump.',
    version: 'The new version.',
    level: 'The level bumped (major, minor, patch…; `set` for an exact version).',
    reason: 'Why that level, e.g. "minor: 3 features, 2 fixes since v1.4.0".',
    files: 'The files written (or that would be written), relative to the workspace.',
  },
};
