import type { RunDetail, RunEvent, RunStatus, StepStatus } from '@/lib/api-types';
import { exhaustive } from '@/lib/exhaustive';
import { isFinal } from '@/lib/statuses';

/** What an event says about its step's status, when it says anything. */
export function stepStatusAfter(event: RunEvent): StepStatus | null {
  switch (event.type) {
    case 'step.started':
    case 'step.retrying':
    case 'step.approved':
      return 'running';
    case 'step.succeeded':
      return 'succeeded';
    case 'step.failed':
    case 'step.rejected':
      return 'failed';
    case 'step.skipped':
      return 'skipped';
    case 'step.canceled':
      return 'canceled';
    case 'step.waiting':
      return 'waiting';
    // the group waits for the instances it names; they arrive with the next fetch
    case 'step.expanded':
    case 'run.started':
    case 'run.resumed':
    case 'run.retold':
    case 'run.succeeded':
    case 'run.failed':
    case 'run.cancel-requested':
    case 'run.canceled':
      return null;
    default:
      return exhaustive(event.type);
  }
}

/** What an event says about the run's status, when it says anything. */
export function runStatusAfter(event: RunEvent): RunStatus | null {
  switch (event.type) {
    case 'run.started':
    case 'run.resumed':
    case 'run.retold':
      return 'running';
    case 'run.succeeded':
      return 'succeeded';
    case 'run.failed':
      return 'failed';
    case 'run.canceled':
      return 'canceled';
    default:
      return null;
  }
}

/**
 * The run as last fetched, brought up to date with the events that came after that fetch:
 * the story grows at once, statuses follow, details arrive with the next fetch.
 */
export function mergeRun(run: RunDetail, events: RunEvent[]): RunDetail {
  const fetchedUpTo = run.events.at(-1)?.seq ?? 0;
  const newer = events.filter((e) => e.seq > fetchedUpTo);
  if (newer.length === 0) return run;
  let status: RunStatus = run.status;
  const stepStatus = new Map<string, StepStatus>();
  for (const event of newer) {
    status = runStatusAfter(event) ?? status;
    const next = stepStatusAfter(event);
    if (next && event.stepId) stepStatus.set(event.stepId, next);
    for (const id of replayedSteps(event)) stepStatus.set(id, 'pending');
  }
  return {
    ...run,
    status,
    steps: run.steps.map((s) => {
      const next = stepStatus.get(s.id);
      return next ? { ...s, status: next } : s;
    }),
    events: [...run.events, ...newer] as RunDetail['events'],
    eventCount: Math.max(run.eventCount ?? 0, newer.at(-1)?.seq ?? 0),
  };
}

/** The steps a resume or re-telling sends back to pending (its `replay` data). */
function replayedSteps(event: RunEvent): string[] {
  if (event.type !== 'run.resumed' && event.type !== 'run.retold') return [];
  const replay = (event.data as { replay?: unknown } | undefined)?.replay;
  return Array.isArray(replay) ? replay.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * Whether a fetched run is older than its own events: it is running (or waiting) while its
 * last run event says it ended (`runs.get` reads the run, then its events, not in one
 * snapshot, so a run that ends in between comes back "running" with the events of its end).
 * No later event would put it right, so the caller fetches it again.
 */
export function isBehindItsEvents(run: Pick<RunDetail, 'status' | 'events'>): boolean {
  if (run.status !== 'running' && run.status !== 'waiting') return false;
  for (let i = run.events.length - 1; i >= 0; i--) {
    const status = runStatusAfter(run.events[i] as RunEvent);
    if (status !== null) return isFinal(status);
  }
  return false;
}

/**
 * Two runs of events, each in seq order, as one in seq order with each seq once: the story
 * a page has seen (its first fetch, live events, later fetches), so a later fetch of only the
 * latest events never leaves a hole where the page had already shown the story.
 */
export function unionBySeq<E extends { seq: number }>(a: readonly E[], b: readonly E[]): E[] {
  if (b.length === 0) return a as E[];
  if (a.length === 0) return b as E[];
  const out: E[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.seq < y.seq)) {
      out.push(x as E);
      i++;
    } else if (x === undefined || y.seq < x.seq) {
      out.push(y);
      j++;
    } else {
      out.push(y); // the later telling of the same event
      i++;
      j++;
    }
  }
  return out;
}
