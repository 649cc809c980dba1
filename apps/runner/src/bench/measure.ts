import { spawnSync } from 'node:child_process';

export const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The fastest of `times` runs of `fn` (after one warm-up), in ms: the least disturbed by load. */
export function fastestOf(times: number, fn: () => void): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, msSince(start));
  }
  return best;
}

/**
 * The median wall time of a command started `times` times (after one warm-up), in ms.
 * Throws with the command's stderr when it fails, so a broken CLI never reads as fast.
 */
export function timeCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; times?: number } = {},
): number {
  const times = options.times ?? 9;
  const samples: number[] = [];
  for (let i = 0; i <= times; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(file, args, { cwd: options.cwd, encoding: 'utf8' });
    const took = msSince(start);
    if (result.status !== 0) {
      throw new Error(`${file} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    }
    if (i > 0) samples.push(took);
  }
  return median(samples);
}
