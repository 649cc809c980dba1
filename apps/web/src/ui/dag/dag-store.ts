import { createContext, useContext, useSyncExternalStore } from 'react';

/**
 * What changes while a graph is on screen without changing its shape: each step's status and
 * note, and the step found by search. Nodes read their own entry, so a status change
 * re-renders the nodes whose status changed, not all 5,000.
 */
export class DagStore {
  private statuses: ReadonlyMap<string, string> = new Map();
  private notes: ReadonlyMap<string, string> = new Map();
  private found: string | null = null;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(statuses: ReadonlyMap<string, string>, notes: ReadonlyMap<string, string>): void {
    this.statuses = statuses;
    this.notes = notes;
    this.emit();
  }

  setFound(id: string | null): void {
    if (this.found === id) return;
    this.found = id;
    this.emit();
  }

  status(id: string): string | undefined {
    return this.statuses.get(id);
  }

  note(id: string): string | undefined {
    return this.notes.get(id);
  }

  isFound(id: string): boolean {
    return this.found === id;
  }

  /** How many members have each status, e.g. `failed:1,skipped:4`; empty without statuses. */
  counts(members: readonly string[]): string {
    if (this.statuses.size === 0) return '';
    const tally = new Map<string, number>();
    for (const id of members) {
      const status = this.statuses.get(id);
      if (status) tally.set(status, (tally.get(status) ?? 0) + 1);
    }
    return [...tally].map(([status, n]) => `${status}:${n}`).join(',');
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export const DagStoreContext = createContext<DagStore | null>(null);

/** Reads one value from the graph's store, re-rendering only when that value changes. */
export function useDagStore<T extends string | boolean | undefined>(
  read: (store: DagStore) => T,
): T {
  const store = useContext(DagStoreContext);
  if (!store) throw new Error('useDagStore is used outside a DagView');
  return useSyncExternalStore(
    store.subscribe,
    () => read(store),
    () => read(store),
  );
}
