import { toDate } from '@/lib/format';

type Stamp = string | Date | null | undefined;

/** One child step on a nested timeline: where its bar sits, in percent of the child's span. */
export interface NestedBar {
  id: string;
  status: string;
  startedAt: Stamp;
  finishedAt: Stamp;
  span: { left: number; width: number } | null;
}

/**
 * The child run's steps as bars over the child's own span (its start to its end, or to `now`
 * while it runs); a step that never started has no bar.
 */
export function nestedBars(
  steps: ReadonlyArray<{ id: string; status: string; startedAt?: Stamp; finishedAt?: Stamp }>,
  runStartedAt: Stamp,
  runFinishedAt: Stamp,
  now: number,
): NestedBar[] {
  const ms = (stamp: Stamp) => toDate(stamp ?? null)?.getTime();
  const starts = steps.map((s) => ms(s.startedAt)).filter((t): t is number => t !== undefined);
  const ends = steps.map((s) => ms(s.finishedAt)).filter((t): t is number => t !== undefined);
  const from = ms(runStartedAt) ?? Math.min(...starts);
  const to = ms(runFinishedAt) ?? Math.max(now, ...ends);
  const total = Math.max(1, to - from);
  return steps.map((step) => {
    const start = ms(step.startedAt);
    const end = ms(step.finishedAt) ?? to;
    const span =
      start === undefined
        ? null
        : {
            left: ((start - from) / total) * 100,
            width: Math.max(1, ((end - start) / total) * 100),
          };
    return {
      id: step.id,
      status: step.status,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      span,
    };
  });
}
