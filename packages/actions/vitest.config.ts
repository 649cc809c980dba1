import { defineProject } from 'vitest/config';
import { resolveFromSource } from '../../vitest.shared.ts';

export default defineProject({
  ...resolveFromSource,
  test: { name: 'actions', include: ['src/**/*.test.ts'] },
});
