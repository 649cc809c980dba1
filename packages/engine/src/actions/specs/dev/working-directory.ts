import { z } from 'zod';

/** `working_directory`: where in the workspace a dev action works (a monorepo's package). */
export const workingDirectoryInput = z
  .string()
  .trim()
  .min(1)
  .refine((path) => !path.startsWith('/') && !path.split(/[\\/]/).includes('..'), {
    message: 'must be a path inside the workspace, like packages/api (not absolute, no "..")',
  })
  .optional()
  .describe(
    'The directory to work in, relative to the workspace, like packages/api (a member of a monorepo, often ${{ item }} of a for_each step). Commands are found from its files and run there. Default: the workspace.',
  );
