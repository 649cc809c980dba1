import { defineProject } from 'vitest/config';
import { resolveFromSource } from '../../vitest.shared.ts';

export default defineProject({
  ...resolveFromSource,
  test: {
    name: 'db',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
