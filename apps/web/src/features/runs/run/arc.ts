import type { RunDetail, RunEvent, RunStep, StoryKind } from '@/lib/api-types';
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

/** Where the arc line stands: its level now, and the highest it has been. */
interface ArcState {
  level: number;
  peak: number;
}

/**
 * One event's move of the arc: exposition at the base, each beat raising the line a little,
 * tensions as peaks above it, fallout small dips, the climax of a failed run at the top, a
 * return rising anew, resolution and denouement coming down to rest. Returns the event's height.
 */
function advance(state: ArcState, kind: StoryKind): number {
  let y: number;
  switch (kind) {
    case 'exposition':
      state.level = 0;
      y = 0;
      break;
    case 'rising':
      state.level += 0.025;
      y = state.level;
      break;
    case 'beat':
      state.level += 0.08;
      y = state.level;
      break;
    case 'suspense':
      state.level += 0.05;
      y = state.level;
      break;
    case 'verdict':
      state.level += 0.04;
      y = state.level;
      break;
    case 'tension':
      y = state.level + 0.24;
      state.level += 0.1;
      break;
    case 'fallout':
      state.level = Math.max(0, state.level - 0.05);
      y = state.level;
      break;
    case 'climax':
      y = Math.max(state.peak, state.level) + 0.2;
      state.level = y;
      break;
    case 'return':
      state.level = state.level * 0.55;
      y = state.level;
      break;
    case 'resolution':
      state.level = 0.06;
      y = 0.06;
      break;
    case 'denouement':
      state.level = 0.03;
      y = 0.03;
      break;
    default:
      return exhaustive(kind);
  }
  state.peak = Math.max(state.peak, y);
  return y;
}

/** Lays the events out as a story arc (see `advance`), one point per event. */
export function arcPoints(events: readonly RunEvent[], steps: readonly RunStep[]): ArcPoint[] {
  const universeOf = new Map(steps.map((s) => [s.id, s.universe]));
  const state: ArcState = { level: 0, peak: 0 };
  const raw = events.map((event) => advance(state, event.story.kind));
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

/** A bin of the story's outline (`runs.get`'s `outline`): a stretch of time and its events. */
export type OutlineBin = NonNullable<RunDetail['outline']>[number];

/** A bin placed on the arc: the point of the event that speaks for it, and the bin itself. */
export interface BinPoint extends ArcPoint {
  bin: OutlineBin;
  /** How many events the bin holds. */
  size: number;
}

export function isBinPoint(point: ArcPoint): point is BinPoint {
  return 'bin' in point;
}

/** The order a bin's kinds are applied in: how a stretch of a run usually unfolds. */
const BIN_ORDER: readonly StoryKind[] = [
  'exposition',
  'return',
  'rising',
  'beat',
  'suspense',
  'verdict',
  'fallout',
  'tension',
  'climax',
  'resolution',
  'denouement',
];

/** Bins whose speaking event is one of these say nothing worth a numbered legend line. */
const ROUTINE: ReadonlySet<StoryKind> = new Set(['rising', 'beat']);

/**
 * The arc of a long story from its outline: one point per bin, as high as the highest event
 * in it would be, numbered in the legend only when something other than routine beats happened.
 * A beat raises the line by a fixed step, so the heights are those of the events told one by one.
 */
export function arcPointsFromOutline(
  bins: readonly OutlineBin[],
  steps: readonly RunStep[],
): BinPoint[] {
  const universeOf = new Map(steps.map((s) => [s.id, s.universe]));
  const state: ArcState = { level: 0, peak: 0 };
  const raw = bins.map((bin) => {
    let high = 0;
    for (const kind of BIN_ORDER) {
      const count = bin.counts[kind] ?? 0;
      for (let i = 0; i < count; i++) high = Math.max(high, advance(state, kind));
    }
    return high;
  });
  const top = Math.max(...raw, 0.3);
  let n = 0;
  return bins.map((bin, i) => {
    const event = bin.peak as RunEvent;
    return {
      event,
      bin,
      size: Object.values(bin.counts).reduce((sum, c) => sum + (c ?? 0), 0),
      t: toDate(bin.to)?.getTime() ?? 0,
      y: (raw[i] ?? 0) / top,
      n: ROUTINE.has(event.story.kind) ? null : ++n,
      color: markerColor(event, universeOf),
    };
  });
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

/** How many events of each kind the story holds: from its outline when it has one. */
export function storyCounts(
  events: readonly RunEvent[],
  outline: readonly OutlineBin[] | null | undefined,
): Partial<Record<StoryKind, number>> {
  const counts: Partial<Record<StoryKind, number>> = {};
  if (outline) {
    for (const bin of outline) {
      for (const [kind, n] of Object.entries(bin.counts) as Array<[StoryKind, number]>) {
        counts[kind] = (counts[kind] ?? 0) + n;
      }
    }
    return counts;
  }
  for (const e of events) counts[e.story.kind] = (counts[e.story.kind] ?? 0) + 1;
  return counts;
}

const KIND_PLURAL: Record<StoryKind, [string, string]> = {
  exposition: ['opening', 'openings'],
  rising: ['start', 'starts'],
  beat: ['beat', 'beats'],
  tension: ['tension', 'tensions'],
  fallout: ['skipped step', 'skipped steps'],
  climax: ['climax', 'climaxes'],
  return: ['return', 'returns'],
  resolution: ['resolution', 'resolutions'],
  denouement: ['ending', 'endings'],
  suspense: ['wait for people', 'waits for people'],
  verdict: ['verdict', 'verdicts'],
};

/** What a bin holds, in words: "312 events: 150 beats, 156 starts, 2 tensions". */
export function binSummary(bin: OutlineBin): string {
  const parts = BIN_ORDER.filter((kind) => (bin.counts[kind] ?? 0) > 0).map((kind) => {
    const n = bin.counts[kind] ?? 0;
    return `${n.toLocaleString('en')} ${KIND_PLURAL[kind][n === 1 ? 0 : 1]}`;
  });
  const total = Object.values(bin.counts).reduce((sum, c) => sum + (c ?? 0), 0);
  return `${total.toLocaleString('en')} event${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
