import { type Database, EVENTS_CHANNEL } from '@arcflow/db';
import type { EventBus, EventNotification } from './event-bus.ts';

/**
 * The event bus over the database's notifications: every commit of events NOTIFYs
 * `<runId>:<lastSeq>` on one channel, and every runner sharing the database hears it.
 */
export async function createEventBus(db: Database): Promise<EventBus> {
  const listeners = new Set<(notification: EventNotification) => void>();
  const lastSeqOf = new Map<string, number>();
  const deliver = (notification: EventNotification) => {
    for (const listener of listeners) listener(notification);
  };
  const unlisten = await db.listen(
    EVENTS_CHANNEL,
    (payload) => {
      const separator = payload.lastIndexOf(':');
      const lastSeq = Number(payload.slice(separator + 1));
      if (separator <= 0 || !Number.isInteger(lastSeq)) return;
      const runId = payload.slice(0, separator);
      lastSeqOf.set(runId, Math.max(lastSeq, lastSeqOf.get(runId) ?? 0));
      deliver({ runId, lastSeq });
    },
    // After a lost connection, tell everyone again about every run we know of: subscribers
    // re-read after their last seq, so whatever was committed meanwhile reaches them.
    () => {
      for (const [runId, lastSeq] of lastSeqOf) deliver({ runId, lastSeq });
    },
  );
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await unlisten();
    },
  };
}
