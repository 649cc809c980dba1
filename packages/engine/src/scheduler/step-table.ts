import type { WorkflowDefinition } from '../definition/types.ts';
import type { IndexedGraph } from '../graph/indexed-graph.ts';
import { isFinalStepStatus } from '../statuses.ts';
import { ReadySteps } from './ready-steps.ts';
import { RunPlan } from './run-plan.ts';
import type { RunState, StepChange, StepState } from './types.ts';

/**
 * Step states for the scheduler at a cost per transition that does not grow with the workflow.
 *
 * Copying a record of thousands of keys takes milliseconds, so the states `decide` returns keep
 * their steps in a tree of small arrays (arrays and step objects shared between states, copied only when
 * changed) and build the public `steps` record lazily, the first time someone reads it. The counts the
 * scheduler asks about every transition (running, final, ready steps) are kept next to it and
 * handed on from each state to the next. A state from elsewhere — or one whose `steps` have
 * been read, and so may have been edited — is indexed afresh, in O(steps).
 *
 * All of this travels with the state itself (see `Carried`): there is no cache in the module.
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
  /** Per declared step, how many of its dependencies have not succeeded (or had nothing to do). */
  readonly unmet: Int32Array;
  /** Declaration indices of pending steps whose dependencies all succeeded. */
  readonly ready: ReadySteps;
  /** Declaration indices of pending steps that have a `retryAt`. */
  readonly retrying: Set<number>;
}

/** A state's steps as the scheduler keeps them. */
interface Snapshot {
  readonly layout: Layout;
  readonly values: Chunks;
  tracking?: Tracking;
}

/**
 * What a state the scheduler returned carries for the next transition: its run's plan and,
 * until someone reads its `steps` record, its snapshot. It sits under a non-enumerable symbol,
 * so `Object.keys`, JSON, `structuredClone` and spread copies leave it behind.
 */
interface Carried {
  readonly plan: RunPlan;
  snapshot: Snapshot | undefined;
}

const CARRIED = Symbol('arcflow.scheduler');

type Carrier = RunState & { readonly [CARRIED]?: Carried };

/** A state's fields other than `steps`, in the state's own key order. */
export type RunFields = Omit<RunState, 'steps'>;

/** A new run of `plan`'s definition: `run` with every step pending. */
export function initialSteps(plan: RunPlan, run: RunFields): RunState {
  const layout = layoutOf(plan.graph, plan.graph.ids);
  const values = chunked(
    layout.keys.map((id): StepState => ({ id, status: 'pending', attempts: 0, failures: 0 })),
  );
  return withLazySteps(run, plan, { layout, values });
}

/** The plan a state carries: set on every state `initialRunState` and `decide` return. */
export function carriedPlan(state: RunState): RunPlan | undefined {
  return (state as Carrier)[CARRIED]?.plan;
}

/** A working copy of a state's steps: reads see earlier writes, the input state never changes. */
export class StepTable {
  private values: Chunks;
  private copied = false;
  /** The groups and chunks this table has copied, keyed by their first slot. */
  private readonly copiedGroups = new Set<number>();
  private readonly copiedChunks = new Set<number>();
  /** The steps this table has copied (and so changed), by slot, with the state they had. */
  private readonly changed = new Map<number, StepChange>();
  private dirty = false;

  private constructor(
    readonly plan: RunPlan,
    private readonly snapshot: Snapshot,
    private readonly tracking: Tracking,
  ) {
    this.values = snapshot.values;
  }

  /** Opens `state` for a transition of `def`, with the plan and snapshot it carries if they fit. */
  static open(def: WorkflowDefinition, state: RunState): StepTable {
    const carried = (state as Carrier)[CARRIED];
    const plan = carried?.plan.def === def ? carried.plan : new RunPlan(def);
    const snapshot =
      (carried?.plan === plan ? carried.snapshot : undefined) ?? snapshotOf(plan, state);
    // Taken, not shared: if this transition fails halfway the next one re-derives it.
    const tracking = snapshot.tracking ?? track(plan.graph, snapshot.layout, snapshot.values);
    snapshot.tracking = undefined;
    return new StepTable(plan, snapshot, tracking);
  }

  /** The state of the step declared at `i`, if the run has one. */
  get(i: number): StepState | undefined {
    const slot = this.snapshot.layout.slotOfStep[i] ?? -1;
    return slot < 0 ? undefined : at(this.values, slot);
  }

  /** The declaration index of a step id. */
  indexOf(id: string): number | undefined {
    return this.plan.graph.indexOf.get(id);
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

  /**
   * Pending steps whose dependencies all succeeded (a retry may still be waiting), in
   * declaration order; change no step while reading them.
   */
  ready(): Iterable<number> {
    return this.tracking.ready.inOrder();
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
    const beforeMet = satisfiesDependents(current);
    let step = current;
    if (!this.changed.has(slot)) {
      step = { ...current };
      this.writableChunk(slot)[slot & CHUNK_MASK] = step;
      this.changed.set(slot, { before: current, after: step });
    }
    Object.assign(step, patch);
    this.dirty = true;
    this.retrack(i, before, beforeMet, step);
    return step;
  }

  /** The new state: `run` (fields in order, `steps` among them) with these steps. */
  commit(run: RunFields): RunState {
    const { layout } = this.snapshot;
    return withLazySteps(run, this.plan, { layout, values: this.values, tracking: this.tracking });
  }

  /** The steps `update` changed, in slot order (the order of the state's `steps` record). */
  changes(): StepChange[] {
    return [...this.changed].sort(([a], [b]) => a - b).map(([, change]) => change);
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
    const groups = this.values as StepState[][][];
    const g = slot >> GROUP_BITS;
    if (!this.copiedGroups.has(g)) {
      groups[g] = groups[g]?.slice() ?? [];
      this.copiedGroups.add(g);
    }
    const group = groups[g] as StepState[][];
    const c = (slot >> CHUNK_BITS) & CHUNK_MASK;
    if (!this.copiedChunks.has(slot >> CHUNK_BITS)) {
      group[c] = group[c]?.slice() ?? [];
      this.copiedChunks.add(slot >> CHUNK_BITS);
    }
    return group[c] as StepState[];
  }

  private retrack(
    i: number,
    before: StepState['status'],
    beforeMet: boolean,
    step: StepState,
  ): void {
    const t = this.tracking;
    const after = step.status;
    const afterMet = satisfiesDependents(step);
    if (before !== after || beforeMet !== afterMet) {
      t.running += Number(after === 'running') - Number(before === 'running');
      t.waiting += Number(after === 'waiting') - Number(before === 'waiting');
      t.final += Number(isFinalStepStatus(after)) - Number(isFinalStepStatus(before));
      if (beforeMet !== afterMet) {
        const delta = afterMet ? -1 : 1;
        for (const j of this.plan.graph.dependents[i] ?? []) {
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
    if (this.get(i)?.status === 'pending' && unmet[i] === 0) ready.add(i);
    else ready.delete(i);
  }
}

/** A step its dependents may start after: it succeeded, or its action had nothing to do. */
function satisfiesDependents(step: StepState): boolean {
  return (
    step.status === 'succeeded' ||
    (step.status === 'skipped' && step.skipReason === 'nothing-to-do')
  );
}

/** A snapshot of a state's `steps` record, laid out for `plan`. */
function snapshotOf(plan: RunPlan, state: RunState): Snapshot {
  const record = state.steps;
  const keys = Object.keys(record);
  return {
    layout: layoutOf(plan.graph, keys),
    values: chunked(keys.map((key) => record[key] as StepState)),
  };
}

function layoutOf(graph: IndexedGraph, keys: readonly string[]): Layout {
  const slotOf = new Map(keys.map((key, slot) => [key, slot]));
  const slotOfStep = Int32Array.from(graph.ids, (id) => slotOf.get(id) ?? -1);
  const present = slotOfStep.reduce((n, slot) => (slot < 0 ? n : n + 1), 0);
  return { keys, slotOf, slotOfStep, present };
}

function track(graph: IndexedGraph, layout: Layout, values: Chunks): Tracking {
  const t: Tracking = {
    running: 0,
    waiting: 0,
    final: 0,
    unmet: new Int32Array(graph.ids.length),
    ready: new ReadySteps(graph.ids.length),
    retrying: new Set(),
  };
  const met = (slot: number | undefined) => {
    const step = slot === undefined ? undefined : at(values, slot);
    return step !== undefined && satisfiesDependents(step);
  };
  graph.ids.forEach((_, i) => {
    let unmet = 0;
    for (const dep of graph.deps[i]!) if (!met(layout.slotOfStep[dep])) unmet += 1;
    // Only a state's own record can hold a step its definition lacks; such a step never changes.
    for (const id of graph.unresolved[i]!) if (!met(layout.slotOf.get(id))) unmet += 1;
    t.unmet[i] = unmet;
    const step = at(values, layout.slotOfStep[i] ?? -1);
    if (!step) return;
    if (step.status === 'running') t.running += 1;
    if (step.status === 'waiting') t.waiting += 1;
    if (isFinalStepStatus(step.status)) t.final += 1;
    if (step.status === 'pending' && unmet === 0) t.ready.add(i);
    if (step.status === 'pending' && step.retryAt !== undefined) t.retrying.add(i);
  });
  return t;
}

/**
 * Gives `run` an enumerable `steps` property that builds the record when first read or set,
 * and the plan and snapshot the next transition starts from.
 */
function withLazySteps(run: RunFields, plan: RunPlan, snapshot: Snapshot): RunState {
  const state = run as RunState;
  const carried: Carried = { plan, snapshot };
  let record: Record<string, StepState> | undefined;
  // Once the record is out, it may be edited: later transitions must read it, not the snapshot.
  const expose = (value: Record<string, StepState>) => {
    record = value;
    carried.snapshot = undefined;
    return value;
  };
  Object.defineProperty(state, 'steps', {
    enumerable: true,
    configurable: true,
    get: () => record ?? expose(toRecord(snapshot)),
    set: expose,
  });
  Object.defineProperty(state, CARRIED, { value: carried });
  return state;
}

function toRecord({ layout, values }: Snapshot): Record<string, StepState> {
  const record: Record<string, StepState> = {};
  layout.keys.forEach((key, slot) => {
    record[key] = at(values, slot) as StepState;
  });
  return record;
}

/**
 * Step states by slot in a tree of 64-wide arrays (groups of 64 chunks of 64 states): a changed
 * copy copies only the path to what it touches, about 150 references for any number of steps,
 * where one flat array of chunks made each transition of a 50,000-step run copy 800.
 */
type Chunks = readonly (readonly (readonly StepState[])[])[];
const CHUNK_BITS = 6;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
const GROUP_BITS = 2 * CHUNK_BITS;

function chunked(values: StepState[]): Chunks {
  const groups: StepState[][][] = [];
  for (let start = 0; start < values.length; start += CHUNK_MASK + 1) {
    const g = start >> GROUP_BITS;
    groups[g] ??= [];
    groups[g].push(values.slice(start, start + CHUNK_MASK + 1));
  }
  return groups;
}

function at(chunks: Chunks, slot: number): StepState | undefined {
  return slot < 0
    ? undefined
    : chunks[slot >> GROUP_BITS]?.[(slot >> CHUNK_BITS) & CHUNK_MASK]?.[slot & CHUNK_MASK];
}
