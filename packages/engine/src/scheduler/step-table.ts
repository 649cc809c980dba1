import type { WorkflowDefinition } from '../definition/types.ts';
import { isFinalStepStatus } from '../statuses.ts';
import { type DefinitionIndex, definitionIndex } from './dependencies.ts';
import type { RunState, StepState } from './types.ts';

/**
 * Step states for the scheduler at a cost per transition that does not grow with the workflow.
 *
 * Copying a record of thousands of keys takes milliseconds, so the states `decide` returns keep
 * their steps in chunked arrays (chunks and step objects shared between states, copied only when
 * changed) and build the public `steps` record lazily, the first time someone reads it. The counts the
 * scheduler asks about every transition (running, final, ready steps) are kept next to it and
 * handed on from each state to the next. A state from elsewhere — or one whose `steps` have
 * been read, and so may have been edited — is indexed afresh, in O(steps).
 */

/** Where each step state sits: the record's keys in their order, and per declared step its slot. */
interface Layout {
  readonly keys: readonly string[];
  readonly slotOf: ReadonlyMap<string, number>;
  /** Declaration index -> slot, or -1 when the state has no entry for that step. */
  readonly slotOfStep: Int32Array;
  /** How many declared steps the state holds. */
  readonly present: number;
}

/** Derived from the step states; owned by one state at a time and updated in place. */
interface Tracking {
  running: number;
  waiting: number;
  final: number;
  /** Per declared step, how many of its dependencies have not succeeded. */
  readonly unmet: Int32Array;
  /** Declaration indices of pending steps whose dependencies all succeeded, ascending. */
  readonly ready: number[];
  /** Declaration indices of pending steps that have a `retryAt`. */
  readonly retrying: Set<number>;
}

interface Snapshot {
  readonly def: WorkflowDefinition;
  readonly layout: Layout;
  readonly values: Chunks;
  tracking?: Tracking;
}

const snapshots = new WeakMap<RunState, Snapshot>();
const declaredLayouts = new WeakMap<WorkflowDefinition, Layout>();

/** A state's fields other than `steps`, in the state's own key order. */
export type RunFields = Omit<RunState, 'steps'>;

export function initialSteps(def: WorkflowDefinition, run: RunFields): RunState {
  let layout = declaredLayouts.get(def);
  if (!layout) {
    layout = layoutOf(
      definitionIndex(def),
      def.steps.map((step) => step.id),
    );
    declaredLayouts.set(def, layout);
  }
  const values = chunked(
    layout.keys.map((id): StepState => ({ id, status: 'pending', attempts: 0, failures: 0 })),
  );
  return withLazySteps(run, { def, layout, values });
}

/** A working copy of a state's steps: reads see earlier writes, the input state never changes. */
export class StepTable {
  private values: Chunks;
  private copied = false;
  private readonly copiedChunks = new Set<number>();
  private readonly cloned = new Set<number>();
  private dirty = false;

  private constructor(
    private readonly snapshot: Snapshot,
    readonly index: DefinitionIndex,
    private readonly tracking: Tracking,
  ) {
    this.values = snapshot.values;
  }

  static open(def: WorkflowDefinition, state: RunState): StepTable {
    const index = definitionIndex(def);
    const snapshot = snapshotOf(def, index, state);
    // Taken, not shared: if this transition fails halfway the next one re-derives it.
    const tracking = snapshot.tracking ?? track(index, snapshot.layout, snapshot.values);
    snapshot.tracking = undefined;
    return new StepTable(snapshot, index, tracking);
  }

  /** The state of the step declared at `i`, if the run has one. */
  get(i: number): StepState | undefined {
    const slot = this.snapshot.layout.slotOfStep[i] ?? -1;
    return slot < 0 ? undefined : at(this.values, slot);
  }

  /** The declaration index of a step id. */
  indexOf(id: string): number | undefined {
    return this.index.indexOf.get(id);
  }

  /** The state of a step by id, declared or not. */
  byId(id: string): StepState | undefined {
    const slot = this.snapshot.layout.slotOf.get(id);
    return slot === undefined ? undefined : at(this.values, slot);
  }

  get running(): number {
    return this.tracking.running;
  }

  /** Steps waiting for people; they hold no parallel slot. */
  get waiting(): number {
    return this.tracking.waiting;
  }

  allFinal(): boolean {
    return this.tracking.final === this.snapshot.layout.present;
  }

  /** Pending steps whose dependencies all succeeded (a retry may still be waiting), in order. */
  ready(): readonly number[] {
    return this.tracking.ready;
  }

  /** Pending steps waiting for a retry. */
  retrying(): ReadonlySet<number> {
    return this.tracking.retrying;
  }

  /** Changes the state of the step declared at `i` (which must exist), copying it first. */
  update(i: number, patch: Partial<StepState>): StepState {
    const slot = this.snapshot.layout.slotOfStep[i] ?? -1;
    const current = at(this.values, slot);
    if (!current) throw new Error(`no state for step #${i}`);
    const before = current.status;
    let step = current;
    if (!this.cloned.has(slot)) {
      step = { ...current };
      this.writableChunk(slot)[slot & CHUNK_MASK] = step;
      this.cloned.add(slot);
    }
    Object.assign(step, patch);
    this.dirty = true;
    this.retrack(i, before, step);
    return step;
  }

  /** The new state: `run` (fields in order, `steps` among them) with these steps. */
  commit(run: RunFields): RunState {
    const { def, layout } = this.snapshot;
    return withLazySteps(run, { def, layout, values: this.values, tracking: this.tracking });
  }

  /** Nothing changed: the input state keeps its tracking. */
  release(): void {
    if (!this.dirty) this.snapshot.tracking = this.tracking;
  }

  private writableChunk(slot: number): StepState[] {
    if (!this.copied) {
      this.values = this.values.slice();
      this.copied = true;
    }
    const c = slot >> CHUNK_BITS;
    const chunks = this.values as StepState[][];
    if (!this.copiedChunks.has(c)) {
      chunks[c] = chunks[c]?.slice() ?? [];
      this.copiedChunks.add(c);
    }
    return chunks[c] as StepState[];
  }

  private retrack(i: number, before: StepState['status'], step: StepState): void {
    const t = this.tracking;
    const after = step.status;
    if (before !== after) {
      t.running += Number(after === 'running') - Number(before === 'running');
      t.waiting += Number(after === 'waiting') - Number(before === 'waiting');
      t.final += Number(isFinalStepStatus(after)) - Number(isFinalStepStatus(before));
      if (before === 'succeeded' || after === 'succeeded') {
        const delta = after === 'succeeded' ? -1 : 1;
        for (const j of this.index.dependents[i] ?? []) {
          t.unmet[j] = (t.unmet[j] ?? 0) + delta;
          this.refreshReady(j);
        }
      }
    }
    this.refreshReady(i);
    if (after === 'pending' && step.retryAt !== undefined) t.retrying.add(i);
    else t.retrying.delete(i);
  }

  private refreshReady(i: number): void {
    const { ready, unmet } = this.tracking;
    const isReady = this.get(i)?.status === 'pending' && unmet[i] === 0;
    const at = lowerBound(ready, i);
    const listed = ready[at] === i;
    if (isReady && !listed) ready.splice(at, 0, i);
    else if (!isReady && listed) ready.splice(at, 1);
  }
}

function snapshotOf(def: WorkflowDefinition, index: DefinitionIndex, state: RunState): Snapshot {
  const known = snapshots.get(state);
  if (known && known.def === def) return known;
  const record = state.steps;
  const keys = Object.keys(record);
  return {
    def,
    layout: layoutOf(index, keys),
    values: chunked(keys.map((key) => record[key] as StepState)),
  };
}

function layoutOf(index: DefinitionIndex, keys: readonly string[]): Layout {
  const slotOf = new Map(keys.map((key, slot) => [key, slot]));
  const slotOfStep = Int32Array.from(index.steps, (step) => slotOf.get(step.id) ?? -1);
  const present = slotOfStep.reduce((n, slot) => (slot < 0 ? n : n + 1), 0);
  return { keys, slotOf, slotOfStep, present };
}

function track(index: DefinitionIndex, layout: Layout, values: Chunks): Tracking {
  const t: Tracking = {
    running: 0,
    waiting: 0,
    final: 0,
    unmet: new Int32Array(index.steps.length),
    ready: [],
    retrying: new Set(),
  };
  index.steps.forEach((def, i) => {
    let unmet = 0;
    for (const dep of def.dependsOn) {
      const slot = layout.slotOf.get(dep);
      if (slot === undefined || at(values, slot)?.status !== 'succeeded') unmet += 1;
    }
    t.unmet[i] = unmet;
    const step = at(values, layout.slotOfStep[i] ?? -1);
    if (!step) return;
    if (step.status === 'running') t.running += 1;
    if (step.status === 'waiting') t.waiting += 1;
    if (isFinalStepStatus(step.status)) t.final += 1;
    if (step.status === 'pending' && unmet === 0) t.ready.push(i);
    if (step.status === 'pending' && step.retryAt !== undefined) t.retrying.add(i);
  });
  return t;
}

/** Gives `run` an enumerable `steps` property that builds the record when first read or set. */
function withLazySteps(run: RunFields, snapshot: Snapshot): RunState {
  const state = run as RunState;
  let record: Record<string, StepState> | undefined;
  // Once the record is out, it may be edited: later transitions must read it, not the snapshot.
  const expose = (value: Record<string, StepState>) => {
    record = value;
    snapshots.delete(state);
    return value;
  };
  Object.defineProperty(state, 'steps', {
    enumerable: true,
    configurable: true,
    get: () => record ?? expose(toRecord(snapshot)),
    set: expose,
  });
  snapshots.set(state, snapshot);
  return state;
}

function toRecord({ layout, values }: Snapshot): Record<string, StepState> {
  const record: Record<string, StepState> = {};
  layout.keys.forEach((key, slot) => {
    record[key] = at(values, slot) as StepState;
  });
  return record;
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Step states by slot, in chunks of 64: a changed copy copies only the chunks it touches. */
type Chunks = readonly (readonly StepState[])[];
const CHUNK_BITS = 6;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

function chunked(values: StepState[]): Chunks {
  const chunks: StepState[][] = [];
  for (let start = 0; start < values.length; start += CHUNK_MASK + 1)
    chunks.push(values.slice(start, start + CHUNK_MASK + 1));
  return chunks;
}

function at(chunks: Chunks, slot: number): StepState | undefined {
  return slot < 0 ? undefined : chunks[slot >> CHUNK_BITS]?.[slot & CHUNK_MASK];
}
