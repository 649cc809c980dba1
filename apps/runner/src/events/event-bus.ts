/** A run's event log grew: events up to `lastSeq` are committed and can be read. */
export interface EventNotification {
  runId: string;
  lastSeq: number;
}

/**
 * Tells subscribers that a run's event log grew — whichever runner committed the events,
 * through Postgres LISTEN/NOTIFY (or the embedded database's own notifications).
 * Subscribers read the events themselves, so a missed notification loses nothing.
 */
export interface EventBus {
  subscribe(listener: (notification: EventNotification) => void): () => void;
  close(): Promise<void>;
}
