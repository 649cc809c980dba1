import type { ActionSpecRegistry } from '../actions/registry.ts';
import type { WorkflowDefinition } from '../definition/types.ts';
import { topologicalOrder } from '../graph/graph.ts';
import type { SkipReason } from '../scheduler/types.ts';
import type { StepStatus } from '../statuses.ts';
import { RetellingRequestError, UnknownStepError } from './errors.ts';
import type {
  DefinitionDiff,
  IrreversibleRepeat,
  RecordedStatuses,
  RetellingPlan,
  RetellingRequest,
  RunReason,
} from './types.ts';

export interface RetellingOptions {
  /** Where the steps' actions are looked up for their irreversible effects. */
  actions: ActionSpecRegistry;
  /**
   * Why each `skipped` step of the recorded run was skipped. A step skipped by a condition or
   * with nothing to do told its part; one skipped after a failure (or for a reason not known)
   * did not, so a rerun runs it again and a retry cannot build on it.
   */
  skipReasons?: Readonly<Record<string, SkipReason | undefined>>;
}

/** A reason to run a step, and whether the steps downstream of it must run too. */
interface Cause {
  reason: RunReason;
  spreads: boolean;
}

/**
 * Which steps a resume, retry or rerun of a recorded run will run (with why), which keep their
 * recorded results, which are gone, and which irreversible effects would happen again.
 * `definition` is what the steps will run with (the newer one for resume-latest and
 * `rerun --latest`); `recorded` is each step's status in the recorded run.
 *
 * - resume-latest: changed and added steps run, and everything downstream of them; steps
 *   that did not succeed run again; succeeded steps unchanged (or cosmetic) keep their results.
 * - retry: the step, and with `downstream` everything downstream of it; nothing else.
 * - rerun: `from` and everything downstream of it, or just the `only` steps, or every step;
 *   with a `diff`, also what changed and everything downstream of it.
 *
 * Throws `UnknownStepError` for a step name the definition lacks, `RetellingRequestError`
 * for a request that makes no sense (`from` with `only`, an empty `only`, a diff of
 * another definition).
 */
export function planRetelling(
  definition: WorkflowDefinition,
  recorded: RecordedStatuses,
  request: RetellingRequest,
  options: RetellingOptions,
): RetellingPlan {
  const known = definition.steps.map((step) => step.id);
  const told = (id: string) => toldItsPart(recorded[id], options.skipReasons?.[id]);
  const causes = directCauses(known, recorded, request, definition, told);
  if (request.kind === 'rerun') {
    // A new run can only take over results that exist: the rest is told again.
    for (const id of known) {
      if (!causes.has(id) && !told(id)) {
        causes.set(id, {
          reason: { kind: 'not-succeeded', status: recorded[id] ?? 'pending' },
          spreads: true,
        });
      }
    }
  }
  const order = topologicalOrder(definition.steps);
  const stepsById = new Map(definition.steps.map((step) => [step.id, step]));

  // Walk in topological order: a step runs for its own cause, else because something it
  // depends on runs and spreads; `origin` keeps the root cause for the story.
  const reasons: Record<string, RunReason> = {};
  const origin = new Map<string, string>();
  const run: string[] = [];
  const keep: string[] = [];
  for (const id of order) {
    const cause = causes.get(id);
    if (cause !== undefined) {
      reasons[id] = cause.reason;
      if (cause.spreads) origin.set(id, id);
      run.push(id);
      continue;
    }
    const spreading = stepsById.get(id)!.dependsOn.find((dep) => origin.has(dep));
    if (spreading === undefined) {
      keep.push(id);
      continue;
    }
    const root = origin.get(spreading)!;
    reasons[id] = { kind: 'downstream', of: root };
    origin.set(id, root);
    run.push(id);
  }

  if (request.kind === 'retry') checkRetryable(run, stepsById, recorded, told);
  const diff = request.kind === 'retry' ? undefined : request.diff;
  const removed = (diff?.steps ?? [])
    .filter((change) => change.kind === 'removed')
    .map((change) => change.step);
  return { run, reasons, keep, removed, irreversible: repeats(run, stepsById, recorded, options) };
}

function directCauses(
  known: readonly string[],
  recorded: RecordedStatuses,
  request: RetellingRequest,
  definition: WorkflowDefinition,
  told: (id: string) => boolean,
): Map<string, Cause> {
  const causes = new Map<string, Cause>();
  const add = (id: string, cause: Cause): void => {
    if (!causes.has(id)) causes.set(id, cause);
  };
  const check = (id: string): string => {
    if (!known.includes(id)) throw new UnknownStepError(id, known);
    return id;
  };
  switch (request.kind) {
    case 'resume-latest':
      addDiffCauses(known, request.diff, add);
      for (const id of known) {
        const status = recorded[id] ?? 'pending';
        if (status !== 'succeeded')
          add(id, { reason: { kind: 'not-succeeded', status }, spreads: false });
      }
      return causes;
    case 'retry': {
      add(check(request.step), { reason: { kind: 'requested' }, spreads: request.downstream });
      // A fanned-out step is retried through its instances: those that did not tell their
      // part, or all of them when every one did.
      const instances =
        definition.steps.find((step) => step.id === request.step)?.fanOut?.instances ?? [];
      const untold = instances.filter((id) => !told(id));
      for (const id of untold.length > 0 ? untold : instances) {
        add(id, { reason: { kind: 'requested' }, spreads: false });
      }
      return causes;
    }
    case 'rerun': {
      const { from, only, diff } = request;
      if (from !== undefined && only !== undefined) {
        throw new RetellingRequestError(
          'a rerun runs either from one step or only some steps, not both',
        );
      }
      if (only !== undefined && only.length === 0) {
        throw new RetellingRequestError('a rerun with only some steps needs at least one step');
      }
      if (from !== undefined) add(check(from), { reason: { kind: 'requested' }, spreads: true });
      else if (only !== undefined) {
        for (const id of only) add(check(id), { reason: { kind: 'requested' }, spreads: false });
      } else for (const id of known) add(id, { reason: { kind: 'requested' }, spreads: false });
      if (diff !== undefined) addDiffCauses(known, diff, add);
      return causes;
    }
    default: {
      const _never: never = request;
      return _never;
    }
  }
}

/** Changed and added steps run, and so does everything downstream of them. */
function addDiffCauses(
  known: readonly string[],
  diff: DefinitionDiff,
  add: (id: string, cause: Cause) => void,
): void {
  const inDiff = diff.steps.filter((change) => change.kind !== 'removed').map((c) => c.step);
  if (inDiff.length !== known.length || inDiff.some((id, index) => id !== known[index])) {
    throw new RetellingRequestError(
      "the diff is not of this definition: diff the run's definition against the one it will run with",
    );
  }
  for (const change of diff.steps) {
    if (change.kind === 'changed') {
      add(change.step, { reason: { kind: 'changed', parts: change.parts }, spreads: true });
    } else if (change.kind === 'added') {
      add(change.step, { reason: { kind: 'added' }, spreads: true });
    }
  }
}

/**
 * Whether a recorded step told its part, so that a step after it can run on its result:
 * it succeeded, or was skipped by a condition or with nothing to do.
 */
function toldItsPart(status: StepStatus | undefined, skipReason: SkipReason | undefined): boolean {
  if (status === 'succeeded') return true;
  return status === 'skipped' && skipReason !== undefined && skipReason !== 'upstream';
}

/** A retried step needs every step it depends on to have told its part, or to run too. */
function checkRetryable(
  run: readonly string[],
  stepsById: ReadonlyMap<string, WorkflowDefinition['steps'][number]>,
  recorded: RecordedStatuses,
  told: (id: string) => boolean,
): void {
  const running = new Set(run);
  for (const id of run) {
    const blocker = stepsById.get(id)!.dependsOn.find((dep) => !running.has(dep) && !told(dep));
    if (blocker === undefined) continue;
    const status = recorded[blocker] ?? 'pending';
    const what =
      status === 'failed'
        ? 'failed'
        : status === 'canceled'
          ? 'was canceled'
          : status === 'skipped'
            ? 'was skipped after a failure'
            : 'never finished';
    throw new RetellingRequestError(
      `cannot retry "${id}": it depends on "${blocker}", which ${what} in this run; ` +
        `retry "${blocker}" and the steps after it, or resume the run`,
    );
  }
}

/** Steps about to run whose recorded attempt succeeded and whose action cannot be undone. */
function repeats(
  run: readonly string[],
  stepsById: ReadonlyMap<string, WorkflowDefinition['steps'][number]>,
  recorded: RecordedStatuses,
  { actions }: RetellingOptions,
): IrreversibleRepeat[] {
  const found: IrreversibleRepeat[] = [];
  for (const id of run) {
    if (recorded[id] !== 'succeeded') continue;
    const effect = actions.get(stepsById.get(id)!.action)?.irreversible;
    if (effect !== undefined) found.push({ step: id, effect });
  }
  return found;
}
