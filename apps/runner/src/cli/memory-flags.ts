import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what a full collection left alive before the next one:
 * 1.5× instead of its default of up to 4×. The runner keeps little alive (~40–60 MB for a run
 * of 10,000 steps) and makes garbage fast (a scheduler tick, a line of output), so with the
 * default its heap filled with garbage to 3–4 times what it uses. Measured (performance.md,
 * issue 14 second part): peak RSS of a 10,000-step run 332 → 228 MB for 7% more CPU, of a step
 * printing 200 MB 317 → 199 MB for 18% more.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * WebAssembly (the embedded PGlite database, Prisma's query compiler) is compiled by V8's
 * baseline compiler only. Its optimising tier recompiled the hot part of Postgres into
 * ~50–90 MB of code and compiler memory that stayed resident for the life of the process;
 * the statements Arcflow sends are short, so that code bought little (performance.md, issue 16).
 */
const WASM_BASELINE_ONLY = '--liftoff-only';

/** Sets the memory flags for this process, before any WebAssembly is compiled. */
export function limitMemoryGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  setFlagsFromString(WASM_BASELINE_ONLY);
}
