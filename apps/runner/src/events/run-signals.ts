import {
  type Database,
  parseRunSignal,
  RUN_SIGNALS_CHANNEL,
  type RunSignalKind,
  type Unlisten,
} from '@arcflow/db';

type Listener = (kind: RunSignalKind) => void;

/**
 * Tells the runs this process executes that a cancel or a decision was recorded for them
 * (`RUN_SIGNALS_CHANNEL`), over one LISTEN per database however many runs there are. The
 * LISTEN is held while some run listens; after a lost connection every run is told to look
 * again, since a notification may have been missed meanwhile.
 */
export class RunSignalHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private unlisten: Promise<Unlisten | undefined> | undefined;

  constructor(private readonly db: Database) {}

  subscribe(runId: string, listener: Listener): () => void {
    const forRun = this.listeners.get(runId) ?? new Set<Listener>();
    this.listeners.set(runId, forRun);
    forRun.add(listener);
    this.unlisten ??= this.db
      .listen(
        RUN_SIGNALS_CHANNEL,
        (payload) => {
          const signal = parseRunSignal(payload);
          if (signal) this.tell(signal.runId, signal.kind);
        },
        () => {
          for (const runId of this.listeners.keys()) {
            this.tell(runId, 'cancel');
            this.tell(runId, 'decision');
          }
        },
      )
      // Without the LISTEN the runs still see requests, at their safety poll.
      .catch(() => undefined);
    return () => {
      forRun.delete(listener);
      if (forRun.size === 0) this.listeners.delete(runId);
      if (this.listeners.size > 0) return;
      const unlisten = this.unlisten;
      this.unlisten = undefined;
      void unlisten?.then((stop) => stop?.()).catch(() => {});
    };
  }

  private tell(runId: string, kind: RunSignalKind): void {
    for (const listener of this.listeners.get(runId) ?? []) listener(kind);
  }
}

const hubs = new WeakMap<Database, RunSignalHub>();

/** The one hub of `db` in this process. */
export function runSignalsOf(db: Database): RunSignalHub {
  const known = hubs.get(db);
  if (known) return known;
  const hub = new RunSignalHub(db);
  hubs.set(db, hub);
  return hub;
}
