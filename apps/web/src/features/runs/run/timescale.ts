/**
 * The run's time axis, shared by the arc timeline and the Gantt: linear in time, except that a
 * long idle stretch (nothing running — e.g. a failed run waiting to be resumed) is squeezed to
 * a short break so the work stays readable.
 */

export interface TimeBreak {
  /** Where the squeezed stretch starts and ends, as fractions of the width. */
  x0: number;
  x1: number;
  ms: number;
}

export interface Tick {
  t: number;
  x: number;
  label: string;
}

export interface TimeScale {
  start: number;
  end: number;
  /** A time (ms since epoch) → a fraction 0…1 of the width. */
  x: (t: number) => number;
  breaks: TimeBreak[];
  ticks: Tick[];
}

const NICE_STEPS = [
  50, 100, 200, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
  600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** Elapsed time since the start, short: `0 s`, `1.5 s`, `42 s`, `3m 05s`, `1h 02m`. */
export function formatElapsed(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs === 0) return '0 s';
  if (abs < 10_000) {
    const s = abs / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(abs < 1000 ? 2 : 1).replace(/0$/, '')} s`;
  }
  if (abs < 60_000) return `${Math.round(abs / 1000)} s`;
  if (abs < 3_600_000) {
    const m = Math.floor(abs / 60_000);
    const s = Math.round((abs % 60_000) / 1000);
    return s === 0 ? `${m} min` : `${m}m ${String(s).padStart(2, '0')}s`;
  }
  const h = Math.floor(abs / 3_600_000);
  const m = Math.round((abs % 3_600_000) / 60_000);
  return `${h}h ${String(m).padStart(2, '0')}m`;
}

/** Merges intervals (clipped to [start, end]) into sorted, disjoint ones. */
function union(intervals: Array<[number, number]>, start: number, end: number) {
  const sorted = intervals
    .map(([a, b]): [number, number] => [Math.max(start, a), Math.min(end, b)])
    .filter(([a, b]) => b >= a)
    .sort((p, q) => p[0] - q[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * A scale over [start, end] where `busy` intervals keep their true length and idle stretches
 * longer than a quarter of the busy time (at least `minIdleMs`) are squeezed to that length.
 */
export function buildTimeScale(
  start: number,
  end: number,
  busy: Array<[number, number]>,
  { tickCount = 7, minIdleMs = 1_500 }: { tickCount?: number; minIdleMs?: number } = {},
): TimeScale {
  const safeEnd = Math.max(end, start + 1);
  const spans = union(busy, start, safeEnd);
  // Segments of the real axis, each with the length it gets on screen.
  const segments: Array<{ t0: number; t1: number; len: number; squeezed: boolean }> = [];
  let cursor = start;
  const idle: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    if (a > cursor) idle.push([cursor, a]);
    cursor = Math.max(cursor, b);
  }
  if (cursor < safeEnd) idle.push([cursor, safeEnd]);
  const idleTotal = idle.reduce((sum, [a, b]) => sum + (b - a), 0);
  const busyTotal = safeEnd - start - idleTotal;
  const cap = Math.max(minIdleMs, busyTotal * 0.25);
  const marks = [
    ...spans.map(([a, b]) => ({ a, b, idle: false })),
    ...idle.map(([a, b]) => ({ a, b, idle: true })),
  ].sort((p, q) => p.a - q.a);
  for (const { a, b, idle: isIdle } of marks) {
    const squeezed = isIdle && b - a > cap;
    segments.push({ t0: a, t1: b, len: squeezed ? cap : b - a, squeezed });
  }
  const total = segments.reduce((sum, s) => sum + s.len, 0) || 1;
  const knots: Array<{ t0: number; t1: number; u0: number; u1: number; squeezed: boolean }> = [];
  let u = 0;
  for (const s of segments) {
    knots.push({
      t0: s.t0,
      t1: s.t1,
      u0: u / total,
      u1: (u + s.len) / total,
      squeezed: s.squeezed,
    });
    u += s.len;
  }
  const x = (t: number): number => {
    if (t <= start) return 0;
    if (t >= safeEnd) return 1;
    for (const k of knots) {
      if (t <= k.t1) {
        if (k.t1 === k.t0) return k.u0;
        return k.u0 + ((t - k.t0) / (k.t1 - k.t0)) * (k.u1 - k.u0);
      }
    }
    return 1;
  };
  const breaks = knots
    .filter((k) => k.squeezed)
    .map((k) => ({ x0: k.u0, x1: k.u1, ms: k.t1 - k.t0 }));

  // Nice ticks in elapsed time, in the parts of the axis that are not squeezed.
  const shown = total / Math.max(2, tickCount - 1);
  const step = NICE_STEPS.find((s) => s >= shown) ?? NICE_STEPS.at(-1) ?? 86_400_000;
  const ticks: Tick[] = [];
  for (const k of knots) {
    if (k.squeezed) continue;
    const first = Math.ceil((k.t0 - start) / step);
    const last = Math.floor((k.t1 - start) / step);
    for (let i = first; i <= last && i - first < 500; i++) {
      const t = start + i * step;
      const at = x(t);
      const previous = ticks.at(-1);
      if (previous && at - previous.x < 0.07) continue;
      ticks.push({ t, x: at, label: formatElapsed(t - start) });
    }
  }
  return { start, end: safeEnd, x, breaks, ticks };
}
