import type { RunDetail } from '@/lib/api-types';
import { toDate } from '@/lib/format';
import { isActive } from '@/lib/statuses';
import type { ArcPoint } from './arc';
import { attemptsOf } from './attempts';
import { buildTimeScale } from './timescale';

/** The arc timeline's geometry in pixels: where points, ticks and breaks go for a width. */

export const HEIGHT = 196;
export const PAD = { top: 22, right: 22, bottom: 30, left: 22 };

function radius(point: ArcPoint): number {
  if (point.n === null) return 3.5;
  return point.event.story.kind === 'climax' ? 11 : 9;
}

/** A point with its place in pixels (a bin's point keeps its bin). */
export type Placed<P extends ArcPoint = ArcPoint> = P & {
  x: number;
  py: number;
  r: number;
};

/** Where each point goes, in pixels: by time, nudged apart so simultaneous events stay legible. */
export function placeArc<P extends ArcPoint>(
  points: readonly P[],
  run: RunDetail,
  now: number,
  width: number,
) {
  const innerW = Math.max(40, width - PAD.left - PAD.right);
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const active = isActive(run.status);
  const first = points[0]?.t ?? toDate(run.startedAt ?? run.createdAt)?.getTime() ?? now;
  const last = points.at(-1)?.t ?? first;
  const end = active ? Math.max(now, last) : last;
  const busy: Array<[number, number]> = [];
  for (const step of run.steps) {
    for (const attempt of attemptsOf(step)) {
      const a = toDate(attempt.startedAt)?.getTime();
      if (a === undefined) continue;
      busy.push([a, toDate(attempt.finishedAt)?.getTime() ?? end]);
    }
  }
  const scale = buildTimeScale(first, end, busy, {
    tickCount: Math.max(3, Math.round(innerW / 110)),
  });
  const u = (t: number) => PAD.left + scale.x(t) * innerW;
  const yOf = (y: number) => PAD.top + 4 + (1 - y) * (innerH - 4);

  const placed: Placed<P>[] = [];
  for (const point of points) {
    const r = radius(point);
    const previous = placed.at(-1);
    const at = u(point.t);
    const x = previous ? Math.max(at, previous.x + previous.r + r + 3) : at;
    placed.push({ ...point, x, py: yOf(point.y), r });
  }
  const uEnd = u(end);
  const lastX = placed.at(-1)?.x ?? PAD.left;
  const xEndRaw = Math.max(uEnd, lastX);
  const squeeze = xEndRaw > PAD.left + innerW ? innerW / (xEndRaw - PAD.left) : 1;
  for (const p of placed) p.x = PAD.left + (p.x - PAD.left) * squeeze;
  const xEnd = PAD.left + (xEndRaw - PAD.left) * squeeze;

  // Scale position → pixel, through the nudged points, for the axis.
  const knots = [
    { u: PAD.left, x: PAD.left },
    ...placed.map((p) => ({ u: u(p.t), x: p.x })),
    { u: uEnd, x: xEnd },
  ];
  const toX = (value: number) => {
    let best = knots[0] as { u: number; x: number };
    for (let i = 1; i < knots.length; i++) {
      const k = knots[i] as { u: number; x: number };
      if (value <= k.u) {
        if (k.u === best.u) return k.x;
        return best.x + ((value - best.u) / (k.u - best.u)) * (k.x - best.x);
      }
      if (k.u >= best.u) best = k;
    }
    return best.x;
  };
  const ticks: Array<{ x: number; label: string }> = [];
  for (const tick of scale.ticks) {
    const x = toX(PAD.left + tick.x * innerW);
    if (ticks.length && x - (ticks.at(-1)?.x ?? 0) < 64) continue;
    ticks.push({ x, label: tick.label });
  }
  const breaks = scale.breaks.map((b) => ({
    x0: toX(PAD.left + b.x0 * innerW),
    x1: toX(PAD.left + b.x1 * innerW),
    ms: b.ms,
  }));
  return { placed, xEnd, yBase: yOf(0), ticks, breaks, active, first, end };
}
