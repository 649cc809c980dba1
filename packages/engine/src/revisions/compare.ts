import type { WorkflowDefinition } from '../definition/types.ts';
import { topologicalOrder } from '../graph/graph.ts';
import type { RunStatus, StepStatus } from '../statuses.ts';
import { diffDefinitions } from './diff.ts';
import { changedKeys } from './same-value.ts';
import type { DefinitionDiff, StepDiff } from './types.ts';

/** How one step of a run ended (or stands): what a comparison looks at. */
export interface ComparedStep {
  status: StepStatus;
  /** From its first start to its end; null when it never started or has not ended. */
  durationMs: number | null;
  /** What it produced; null when it produced nothing (it did not succeed). */
  outputs: Readonly<Record<string, unknown>> | null;
  /** How many attempts it took (0 when it never started). */
  attempts: number;
}

/** One side of a comparison: a run as plain data. */
export interface ComparedRun {
  id: string;
  /** The definition the run ran with. */
  definition: WorkflowDefinition;
  status: RunStatus;
  /** By step id. A step of the definition missing here reads as pending and never started. */
  steps: Readonly<Record<string, ComparedStep>>;
}

/**
 * What one row of a comparison says, the first difference in this order:
 * - only-in-a / only-in-b: the step is in one run's definition only
 * - status-differs: it ended differently
 * - outputs-differ: it ended the same but produced something else
 * - definition-changed: it ended the same with the same outputs, but its definition changed
 *   (a part that can change what it does; see `StepDiff`)
 * - same: nothing above (a cosmetic change, a different duration or attempt count still is)
 */
export type CompareVerdict =
  | 'only-in-a'
  | 'only-in-b'
  | 'status-differs'
  | 'outputs-differ'
  | 'definition-changed'
  | 'same';

/** One output key whose value differs; a side without the key has no `a` / `b`. */
export interface OutputDifference {
  key: string;
  a?: unknown;
  b?: unknown;
}

/** One beat, both sides. */
export interface CompareRow {
  step: string;
  /** The step's beat, as A's definition tells it (else B's). */
  beat?: string;
  /** Null when the step is not in A's definition. */
  a: ComparedStep | null;
  /** Null when the step is not in B's definition. */
  b: ComparedStep | null;
  verdict: CompareVerdict;
  /** How its definition changed from B to A (`added`: only in A, `removed`: only in B). */
  definition: StepDiff;
  /**
   * Output keys whose values differ, sorted; empty unless both sides produced outputs (a step
   * that failed or never ran produced none, and its status already tells the difference).
   */
  outputs: OutputDifference[];
  /** A's duration minus B's (positive: A took longer); null unless both have a duration. */
  durationDeltaMs: number | null;
}

/** Where the two stories part; see `compareRuns`. */
export interface Divergence {
  step: string;
  reason: 'status' | 'only-in-a' | 'only-in-b';
  /** The step's status in A, null when A's definition lacks it. */
  a: StepStatus | null;
  /** The step's status in B, null when B's definition lacks it. */
  b: StepStatus | null;
}

/** `compareRuns(a, b)`: deterministic, JSON-serialisable. */
export interface RunComparison {
  a: { id: string; status: RunStatus; workflow: string };
  b: { id: string; status: RunStatus; workflow: string };
  /** A's steps in topological order (ties in declaration order), then B's own in B's. */
  rows: CompareRow[];
  /** The first row where the stories differ, or null when they tell the same story. */
  firstDivergence: Divergence | null;
  /** `diffDefinitions(B's definition, A's definition)`: what A runs that B did not. */
  definition: DefinitionDiff;
  /** How many rows have each verdict (every verdict present, 0 if none). */
  counts: Record<CompareVerdict, number>;
}

const NEVER_STARTED: ComparedStep = {
  status: 'pending',
  durationMs: null,
  outputs: null,
  attempts: 0,
};

const VERDICTS: readonly CompareVerdict[] = [
  'only-in-a',
  'only-in-b',
  'status-differs',
  'outputs-differ',
  'definition-changed',
  'same',
];

/**
 * Puts two runs side by side, beat by beat — typically a run and the last green run of its
 * workflow (B, the baseline), but any two runs, even of different workflows.
 *
 * The first divergence is the first row, in row order, where the two stories part: the step
 * ended with another status, or only one of the runs has it. Row order is A's topological
 * order, so what A did first is looked at first and a failure is found before the steps it
 * canceled or skipped downstream; B's own steps come last because A's story never reached
 * them. Differences that do not change the story — outputs, durations, attempts, the
 * definition alone — are told on their rows but never make the divergence.
 */
export function compareRuns(a: ComparedRun, b: ComparedRun): RunComparison {
  const definition = diffDefinitions(b.definition, a.definition);
  const changes = new Map(definition.steps.map((change) => [change.step, change]));
  const aSteps = new Map(a.definition.steps.map((step) => [step.id, step]));
  const bSteps = new Map(b.definition.steps.map((step) => [step.id, step]));

  const order = [
    ...topologicalOrder(a.definition.steps),
    ...topologicalOrder(b.definition.steps).filter((id) => !aSteps.has(id)),
  ];
  const rows = order.map((id): CompareRow => {
    const inA = aSteps.get(id);
    const inB = bSteps.get(id);
    const sideA = inA ? (a.steps[id] ?? NEVER_STARTED) : null;
    const sideB = inB ? (b.steps[id] ?? NEVER_STARTED) : null;
    const change = changes.get(id) ?? { step: id, kind: 'unchanged' as const };
    const outputs =
      sideA?.outputs && sideB?.outputs ? outputDifferences(sideA.outputs, sideB.outputs) : [];
    const beat = inA?.beat ?? inB?.beat;
    return {
      step: id,
      ...(beat === undefined ? {} : { beat }),
      a: sideA === null ? null : copyStep(sideA),
      b: sideB === null ? null : copyStep(sideB),
      verdict: verdictOf(sideA, sideB, outputs, change),
      definition: change,
      outputs,
      durationDeltaMs:
        sideA?.durationMs != null && sideB?.durationMs != null
          ? sideA.durationMs - sideB.durationMs
          : null,
    };
  });

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<CompareVerdict, number>;
  for (const row of rows) counts[row.verdict]++;

  return {
    a: { id: a.id, status: a.status, workflow: a.definition.name },
    b: { id: b.id, status: b.status, workflow: b.definition.name },
    rows,
    firstDivergence: firstDivergence(rows),
    definition,
    counts,
  };
}

function verdictOf(
  a: ComparedStep | null,
  b: ComparedStep | null,
  outputs: readonly OutputDifference[],
  change: StepDiff,
): CompareVerdict {
  if (b === null) return 'only-in-a';
  if (a === null) return 'only-in-b';
  if (a.status !== b.status) return 'status-differs';
  if (outputs.length > 0) return 'outputs-differ';
  if (change.kind === 'changed') return 'definition-changed';
  return 'same';
}

function firstDivergence(rows: readonly CompareRow[]): Divergence | null {
  for (const row of rows) {
    const reason =
      row.verdict === 'status-differs'
        ? 'status'
        : row.verdict === 'only-in-a' || row.verdict === 'only-in-b'
          ? row.verdict
          : null;
    if (reason === null) continue;
    return { step: row.step, reason, a: row.a?.status ?? null, b: row.b?.status ?? null };
  }
  return null;
}

/** Keys added, removed or given another value (compared structurally), sorted. */
function outputDifferences(
  left: Readonly<Record<string, unknown>>,
  right: Readonly<Record<string, unknown>>,
): OutputDifference[] {
  return changedKeys(left, right).map((key) => ({
    key,
    ...(left[key] === undefined ? {} : { a: left[key] }),
    ...(right[key] === undefined ? {} : { b: right[key] }),
  }));
}

function copyStep(step: ComparedStep): ComparedStep {
  return {
    status: step.status,
    durationMs: step.durationMs,
    outputs: step.outputs,
    attempts: step.attempts,
  };
}

/**
 * The divergence in a sentence, with the runs named as the caller calls them, e.g.
 * `test failed in 7f3a but succeeded in 2b9c`.
 */
export function divergenceText(divergence: Divergence, nameA: string, nameB: string): string {
  switch (divergence.reason) {
    case 'status':
      return `${divergence.step} ${divergence.a} in ${nameA} but ${divergence.b} in ${nameB}`;
    case 'only-in-a':
      return `${divergence.step} is only in ${nameA} (${divergence.a})`;
    case 'only-in-b':
      return `${divergence.step} is only in ${nameB} (${divergence.b})`;
    default: {
      const unexpected: never = divergence.reason;
      throw new Error(`unknown divergence reason ${String(unexpected)}`);
    }
  }
}
