/**
 * The test process's environment, the one place tests read it: children (the CLI, the
 * service, `npm start`) inherit it, with a test's own variables over it.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...extra })) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/** Whether the test process was given a PostgreSQL server for its tests. */
export const hasTestPostgres = (): boolean => Boolean(process.env.ARCFLOW_TEST_DATABASE_URL);

/** `ARCFLOW_CRASH_SEED`: repeats the kills of a crash test run (it prints its seed). */
export function crashSeed(): number | undefined {
  const seed = Number.parseInt(process.env.ARCFLOW_CRASH_SEED ?? '', 10);
  return Number.isInteger(seed) ? seed : undefined;
}

/** Runs per fuzz property (`ARCFLOW_FUZZ_RUNS`), or `fallback` when unset: raise it to fuzz longer. */
export const fuzzRuns = (fallback: number): number =>
  Number(process.env.ARCFLOW_FUZZ_RUNS ?? 0) || fallback;
