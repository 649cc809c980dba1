/** The test runners whose output Arcflow understands. */
export const TEST_RUNNERS = ['vitest', 'jest', 'node', 'pytest', 'go', 'cargo', 'tap'] as const;
export type TestRunner = (typeof TEST_RUNNERS)[number];
