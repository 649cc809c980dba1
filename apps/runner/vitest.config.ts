import { defineProject } from 'vitest/config';
import { resolveFromSource } from '../../vitest.shared.ts';

export default defineProject({
  ...resolveFromSource,
  test: {
    name: 'runner',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // the tests start the real CLI, which runs the compiled dist/: build it first
    globalSetup: ['test/helpers/build-cli.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
