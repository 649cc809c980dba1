import { toDate } from '@/lib/format';

/** What the rows need of a run's step. */
export interface FanRowStep {
  id: string;
  instanceOf?: string;
  fanOut?: string;
  status: string;
  startedAt?: string | Date | null;
  finishedAt?: string | Date | null;
}

/** A row of a run's timeline: a step, or a fanned-out step standing for its instances. */
export type TimelineRow<S extends FanRowStep> =
  | { kind: 'step'; step: S /** An instance drawn under its expanded group. */; nested: boolean }
  | { kind: 'fan'; id: string; join: S | undefined; instances: S[]; expanded: boolean };

/**
 * The rows of a run's timeline: each fanned-out step's instances folded into one `fan` row,
 * where the step or its first instance stands (a `for_each` step's instances are appended
 * at the end of the run's steps), followed by its instances when `expanded` has its id.
 */
export function timelineRows<S extends FanRowStep>(
  steps: readonly S[],
  expanded: ReadonlySet<string>,
): TimelineRow<S>[] {
  const instancesOf = new Map<string, S[]>();
  for (const step of steps) {
    if (!step.instanceOf) continue;
    const list = instancesOf.get(step.instanceOf);
    if (list) list.push(step);
    else instancesOf.set(step.instanceOf, [step]);
  }
  const joins = new Map(steps.filter((s) => instancesOf.has(s.id)).map((s) => [s.id, s]));
  const rows: TimelineRow<S>[] = [];
  const placed = new Set<string>();
  for (const step of steps) {
    const fanId = step.instanceOf ?? (instancesOf.has(step.id) ? step.id : null);
    if (fanId === null) {
      rows.push({ kind: 'step', step, nested: false });
      continue;
    }
    if (placed.has(fanId)) continue;
    placed.add(fanId);
    const instances = instancesOf.get(fanId) ?? [];
    const open = expanded.has(fanId);
    rows.push({ kind: 'fan', id: fanId, join: joins.get(fanId), instances, expanded: open });
    if (open)
      for (const instance of instances) rows.push({ kind: 'step', step: instance, nested: true });
  }
  return rows;
}

/** Something that ran for a while: an instance, or one attempt of one. */
type Spanned = Pick<FanRowStep, 'status' | 'startedAt' | 'finishedAt'>;

/**
 * When a group's instances ran (given their attempts, or the instances themselves): from the
 * first start to the last end; `end` is null while one is still running (or has not
 * started). Null when none has started.
 */
export function fanSpan(spans: readonly Spanned[]): { start: number; end: number | null } | null {
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  let open = false;
  for (const step of spans) {
    const from = toDate(step.startedAt)?.getTime();
    const to = toDate(step.finishedAt)?.getTime();
    if (from === undefined) {
      if (step.status === 'pending' || step.status === 'running') open = true;
      continue;
    }
    start = Math.min(start, from);
    if (to === undefined) open = true;
    else end = Math.max(end, to);
  }
  if (!Number.isFinite(start)) return null;
  return { start, end: open ? null : end };
}

/** The tone of a group's bar: failed when one failed, running while one runs, else its join's. */
export function fanTone(join: FanRowStep | undefined, instances: readonly FanRowStep[]): string {
  if (instances.some((s) => s.status === 'failed')) return 'failed';
  if (instances.some((s) => s.status === 'running')) return 'running';
  if (instances.some((s) => s.status === 'waiting')) return 'waiting';
  if (instances.every((s) => s.status === 'succeeded')) return 'succeeded';
  return join?.status ?? 'pending';
}
