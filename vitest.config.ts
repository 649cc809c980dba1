import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/engine', 'packages/actions', 'packages/db', 'apps/runner', 'apps/web'],
  },
});
