import { defineConfig } from '@playwright/test';
import base from '../playwright.config.ts';

// `pnpm bench:ui`: a benchmark, not a test. Same stage as the e2e tests (global setup builds
// the web app and starts the runner on a fresh database), its own directory and a long budget.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.ts',
  outputDir: '../test-results/bench',
  globalSetup: '../support/global-setup.ts',
  retries: 0,
  timeout: 30 * 60_000,
  reporter: 'list',
});
