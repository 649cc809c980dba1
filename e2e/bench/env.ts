// The benchmark's settings, read once from the environment.

/** Workflow sizes to measure (`BENCH_UI_SIZES`, default "1000,5000"). */
export const BENCH_SIZES = (process.env.BENCH_UI_SIZES ?? '1000,5000').split(',').map(Number);
/** Measurements per figure; the median is reported (`BENCH_UI_REPEATS`, default 3). */
export const BENCH_REPEATS = Number(process.env.BENCH_UI_REPEATS ?? 3);
/** A mark not seen by then is reported as over the limit (`BENCH_UI_LIMIT_MS`, default 120 s). */
export const BENCH_LIMIT_MS = Number(process.env.BENCH_UI_LIMIT_MS ?? 120_000);
/** `BENCH_UI_PROFILE=1`: also print where the run page's main thread spends its time. */
export const BENCH_PROFILE = Boolean(process.env.BENCH_UI_PROFILE);
