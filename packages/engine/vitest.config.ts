import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineProject } from 'vitest/config';
import { resolveFromSource } from '../../vitest.shared.ts';

const TEMPLATES_DIR = join(import.meta.dirname, '../../templates');

/** The shipped templates' YAML: the validator's fuzz test mutates them (engine tests read no files). */
const templates = readdirSync(TEMPLATES_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => readFileSync(join(TEMPLATES_DIR, file), 'utf8'));

export default defineProject({
  ...resolveFromSource,
  test: {
    name: 'engine',
    include: ['src/**/*.test.ts'],
    provide: {
      templates,
      // Runs per fuzz property; 0: the test's default. Raise it to fuzz longer locally.
      fuzzRuns: Number(process.env.ARCFLOW_FUZZ_RUNS ?? 0) || 0,
    },
  },
});
