import type { LogLineRecord } from '@arcflow/db';
import type { RunEvent } from '@arcflow/engine';
import { tracked } from '@trpc/server';
import type { ApiDeps } from './context.ts';
import { eventToJson, type RunEventMessage } from './event-json.ts';
import { MAX_INT4 } from './schemas.ts';

const PAGE = 500;
/** A notification can be lost (a dropped LISTEN connection); look anyway this often. */
const FALLBACK_POLL_MS = 5_000;

/**
 * A wake-up signal for a stream: `notify()` marks new work; `wait()` resolves at once if
 * work was marked since the last wait, else on the next `notify()`, abort or `timeoutMs`.
 */
function wakeup(signal: AbortSignal) {
  let pending = true;
  let resolve: (() => void) | undefined;
  const notify = () => {
    pending = true;
    resolve?.();
  };
  signal.addEventListener('abort', notify);
  return {
    notify,
    async wait(timeoutMs: number): Promise<void> {
      if (!pending) {
        await new Promise<void>((done) => {
          const timer = setTimeout(done, timeoutMs);
          resolve = () => {
            clearTimeout(timer);
            done();
          };
        });
        resolve = undefined;
      }
      pending = false;
    },
    dispose: () => signal.removeEventListener('abort', notify),
  };
}

export const eventId = (runId: string, seq: number) => `${runId}:${seq}`;

/** `lastEventId` of a reconnecting client (`<runId>:<seq>`), as the seq to resume after. */
export function seqFromLastEventId(lastEventId: string | undefined, runId: string): number {
  if (!lastEventId) return 0;
  const separator = lastEventId.lastIndexOf(':');
  if (lastEventId.slice(0, separator) !== runId) return 0;
  const seq = Number(lastEventId.slice(separator + 1));
  // No seq is stored beyond MAX_INT4: a client that saw past it has seen every event.
  return Number.isInteger(seq) && seq > 0 ? Math.min(seq, MAX_INT4) : 0;
}

/**
 * Every event of one run after `afterSeq`, in seq order, then each new one as it is
 * committed (by any runner). Subscribes to the bus before reading the backlog, and reads
 * after the last seq sent on every notification, so nothing is missed or sent twice.
 */
export async function* followRun(
  deps: ApiDeps,
  runId: string,
  afterSeq: number,
  signal: AbortSignal,
) {
  const wake = wakeup(signal);
  let sent = afterSeq;
  const unsubscribe = deps.bus.subscribe((n) => {
    if (n.runId === runId && n.lastSeq > sent) wake.notify();
  });
  try {
    while (!signal.aborted) {
      await wake.wait(FALLBACK_POLL_MS);
      if (signal.aborted) return;
      for (;;) {
        const events = await deps.session.store.events.list(runId, sent, PAGE);
        for (const event of events) {
          if (event.seq <= sent) continue;
          sent = event.seq;
          yield tracked(eventId(runId, event.seq), {
            runId,
            event: eventToJson(event),
          } satisfies RunEventMessage);
        }
        if (events.length < PAGE || signal.aborted) break;
      }
    }
  } finally {
    unsubscribe();
    wake.dispose();
  }
}

/**
 * The events of every run from the moment of subscribing: for a run first heard of in a
 * notification, the events it committed since then (`at >= since`); after that, each
 * run's events after the last seq sent.
 */
export async function* followAllRuns(deps: ApiDeps, signal: AbortSignal) {
  const since = new Date();
  const wake = wakeup(signal);
  const sentByRun = new Map<string, number>();
  const dirty = new Set<string>();
  const unsubscribe = deps.bus.subscribe((n) => {
    if (n.lastSeq > (sentByRun.get(n.runId) ?? 0)) {
      dirty.add(n.runId);
      wake.notify();
    }
  });
  try {
    while (!signal.aborted) {
      await wake.wait(60_000);
      if (signal.aborted) return;
      for (const runId of [...dirty]) {
        dirty.delete(runId);
        const firstSight = !sentByRun.has(runId);
        let sent = sentByRun.get(runId) ?? 0;
        for (;;) {
          const events: RunEvent[] = await deps.session.store.events.list(runId, sent, PAGE);
          for (const event of events) {
            if (event.seq <= sent) continue;
            sent = event.seq;
            if (firstSight && event.at < since) continue;
            yield tracked(eventId(runId, event.seq), {
              runId,
              event: eventToJson(event),
            } satisfies RunEventMessage);
          }
          if (events.length < PAGE || signal.aborted) break;
        }
        sentByRun.set(runId, sent);
      }
    }
  } finally {
    unsubscribe();
    wake.dispose();
  }
}

/** The most log lines one `runs.logs` page returns. */
export const MAX_LOG_PAGE = 2000;

export interface LogLineJson {
  /** The line's id (a 64-bit integer, as a string): pass it as `afterId` to read on. */
  id: string;
  stepId: string;
  attempt: number;
  /** The line's number in its attempt's log, from 0 (pass it as `fromLine` to page). */
  line: number;
  stream: LogLineRecord['stream'];
  text: string;
  /** ISO 8601. */
  at: string;
}

export function logToJson(line: LogLineRecord): LogLineJson {
  return {
    id: line.id.toString(),
    stepId: line.stepId,
    attempt: line.attempt,
    line: line.line,
    stream: line.stream,
    text: line.text,
    at: line.at.toISOString(),
  };
}

/** A step's log lines after `afterId` (every one first), then each new one as it is written. */
export async function* followLogs(
  deps: ApiDeps,
  filter: { runId: string; stepId: string; attempt?: number; afterId?: string },
  signal: AbortSignal,
) {
  const pollMs = deps.logPollMs ?? 250;
  let after = filter.afterId ? BigInt(filter.afterId) : 0n;
  while (!signal.aborted) {
    for (;;) {
      const lines = await deps.session.store.logs.list(filter.runId, {
        stepId: filter.stepId,
        attempt: filter.attempt,
        afterId: after,
        limit: PAGE,
      });
      for (const line of lines) {
        after = line.id;
        yield tracked(line.id.toString(), logToJson(line));
      }
      if (lines.length < PAGE || signal.aborted) break;
    }
    await sleep(pollMs, signal);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
