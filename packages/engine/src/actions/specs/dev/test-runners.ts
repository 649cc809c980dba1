/** The test runners whose output Arcflow understands. */
export const TEST_RUNNERS = [
  'vitest',
  'jest',
  'mocha',
  'node',
  'pytest',
  'go',
  'cargo',
  'tap',
] as const;
export type TestRunner = (typeof TEST_RUNNERS)[number];
