import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';
import { isValidPreid, parseVersion, RELEASE_LEVELS } from './semver.ts';

export const versionBumpInput = z
  .object({
    level: z
      .enum(RELEASE_LEVELS)
      .default('patch')
      .describe(
        'Which part to bump: major, minor, patch, premajor, preminor, prepatch or prerelease. Default: patch.',
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
    files: 'The files written, relative to the workspace.',
  },
};
