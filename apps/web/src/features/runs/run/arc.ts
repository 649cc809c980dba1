import type { RunEvent, RunStep, StoryKind } from '@/lib/api-types';
import { exhaustive } from '@/lib/exhaustive';
import { toDate } from '@/lib/format';
import { eventTone } from './story-tone';

/** One event placed on the arc: its time and its dramatic tension (0 = rest, 1 = the top). */
export interface ArcPoint {
  event: RunEvent;
  t: number;
  y: number;
  /** The legend number, for the events whose sentence is worth reading (not `rising`). */
  n: number | null;
  /** CSS colour of the marker. */
  color: string;
}

/** The story kinds told with a sentence of their own in the legend. */
export function isLabelled(kind: StoryKind): boolean {
  return kind !== 'rising';
}

const TONE_COLOR = {
  neutral: 'var(--text-2)',
  running: 'var(--running)',
  succeeded: 'var(--succeeded)',
  failed: 'var(--failed)',
  waiting: 'var(--waiting)',
  muted: 'var(--muted)',
  ceremony: 'var(--ceremony)',
  retold: 'var(--accent)',
} as const;

/** A marker's colour: failure and rest speak louder than the universe; else the step's universe. */
export function markerColor(event: RunEvent, universeOf: Map<string, RunStep['universe']>): string {
  const kind = event.story.kind;
  if (event.type === 'run.retold') return TONE_COLOR.retold;
  if (kind === 'tension' || kind === 'climax') return 'var(--failed)';
  if (kind === 'resolution' || kind === 'denouement') return 'var(--succeeded)';
  const universe = event.stepId ? universeOf.get(event.stepId) : undefined;
  if (universe) return `var(--${universe})`;
  return TONE_COLOR[eventTone(event)];
}

/**
 * Lays the events out as a story arc: exposition at the base, each beat raising the line a
 * little, tensions as peaks above it, fallout small dips, the climax of a failed run at the top,
 * a return rising anew, resolution and denouement coming down to rest.
 */
export function arcPoints(events: readonly RunEvent[], steps: readonly RunStep[]): ArcPoint[] {
  const universeOf = new Map(steps.map((s) => [s.id, s.universe]));
  const raw: number[] = [];
  let level = 0;
  let peak = 0;
  for (const event of events) {
    const kind = event.story.kind;
    let y: number;
    switch (kind) {
      case 'exposition':
        level = 0;
        y = 0;
        break;
      case 'rising':
        level += 0.025;
        y = level;
        break;
      case 'beat':
        level += 0.08;
        y = level;
        break;
      case 'suspense':
        level += 0.05;
        y = level;
        break;
      case 'verdict':
        level += 0.04;
        y = level;
        break;
      case 'tension':
        y = level + 0.24;
        level += 0.1;
        break;
      case 'fallout':
        level = Math.max(0, level - 0.05);
        y = level;
        break;
      case 'climax':
        y = Math.max(peak, level) + 0.2;
        level = y;
        break;
      case 'return':
        level = level * 0.55;
        y = level;
        break;
      case 'resolution':
        level = 0.06;
        y = 0.06;
        break;
      case 'denouement':
        level = 0.03;
        y = 0.03;
        break;
      default:
        return exhaustive(kind);
    }
    peak = Math.max(peak, y);
    raw.push(y);
  }
  const top = Math.max(...raw, 0.3);
  let n = 0;
  return events.map((event, i) => ({
    event,
    t: toDate(event.at)?.getTime() ?? 0,
    y: (raw[i] ?? 0) / top,
    n: isLabelled(event.story.kind) ? ++n : null,
    color: markerColor(event, universeOf),
  }));
}

/**
 * A smooth path through the points that never overshoots them (monotone cubic in x, as
 * Fritsch–Carlson): a peak stays the highest point of its stretch.
 */
export function smoothPath(points: ReadonlyArray<{ x: number; y: number }>): string {
  const n = points.length;
  if (n === 0) return '';
  const p = points;
  const first = p[0] as { x: number; y: number };
  if (n === 1) return `M${first.x},${first.y}`;
  const dx: number[] = [];
  const slope: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    const a = p[i] as { x: number; y: number };
    const b = p[i + 1] as { x: number; y: number };
    dx.push(b.x - a.x);
    slope.push(b.x === a.x ? 0 : (b.y - a.y) / (b.x - a.x));
  }
  const tangent: number[] = [slope[0] ?? 0];
  for (let i = 1; i < n - 1; i++) {
    const s0 = slope[i - 1] ?? 0;
    const s1 = slope[i] ?? 0;
    if (s0 * s1 <= 0) tangent.push(0);
    else {
      const w0 = 2 * (dx[i] ?? 0) + (dx[i - 1] ?? 0);
      const w1 = (dx[i] ?? 0) + 2 * (dx[i - 1] ?? 0);
      tangent.push((w0 + w1) / (w0 / s0 + w1 / s1));
    }
  }
  tangent.push(slope[n - 2] ?? 0);
  let d = `M${first.x.toFixed(1)},${first.y.toFixed(1)}`;
  for (let i = 0; i < n - 1; i++) {
    const a = p[i] as { x: number; y: number };
    const b = p[i + 1] as { x: number; y: number };
    const h = (dx[i] ?? 0) / 3;
    const c1 = { x: a.x + h, y: a.y + h * (tangent[i] ?? 0) };
    const c2 = { x: b.x - h, y: b.y - h * (tangent[i + 1] ?? 0) };
    d += ` C${c1.x.toFixed(1)},${c1.y.toFixed(1)} ${c2.x.toFixed(1)},${c2.y.toFixed(1)} ${b.x.toFixed(1)},${b.y.toFixed(1)}`;
  }
  return d;
}
