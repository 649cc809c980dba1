import type { StepStatus } from '../statuses.ts';

/**
 * A part of a step whose change makes its recorded result stale, so the step runs again:
 * its own fields, plus what it inherits from the workflow (`workflow-env`: a workflow `env`
 * key it does not override; `inputs`: an input it reads was added, removed or redeclared;
 * `workflow-name`: it reads `workflow.name`, which was renamed).
 */
export type StepPart =
  | 'action'
  | 'with'
  | 'env'
  | 'depends_on'
  | 'if'
  | 'timeout'
  | 'retries'
  | 'workflow-env'
  | 'inputs'
  | 'workflow-name';

/** A change told in the diff but no reason to run a step again. */
export type CosmeticPart = 'beat' | 'universe';

/**
 * What happened to one step between two definitions:
 * - unchanged: nothing at all
 * - cosmetic: only how it is told (beat, universe); its recorded result still holds
 * - changed: a part that can change what it does (`parts`, in `StepPart` order)
 * - added / removed: it is only in the later / earlier definition
 */
export type StepDiff =
  | { step: string; kind: 'unchanged' }
  | { step: string; kind: 'cosmetic'; cosmetic: CosmeticPart[] }
  | { step: string; kind: 'changed'; parts: StepPart[]; cosmetic: CosmeticPart[] }
  | { step: string; kind: 'added' }
  | { step: string; kind: 'removed' };

export type StepDiffKind = StepDiff['kind'];

/**
 * A workflow-level change. `affects` names the steps it changes (they are `changed` with the
 * matching part), in the later definition's declaration order; empty when it changes none.
 * - env: the keys added, removed or given another value (never the values: they may be secrets)
 * - inputs: the inputs added, removed or redeclared (type, default, required)
 * - max_parallel: how many steps may run at once; changes no step's result
 * - name: the workflow's name; changes only the steps that read `workflow.name`
 * - text: description, narrative or the list of masked secrets; changes no step
 */
export type WorkflowChange =
  | { part: 'env'; keys: string[]; affects: string[] }
  | { part: 'inputs'; names: string[]; affects: string[] }
  | { part: 'max_parallel'; before?: number; after?: number; affects: string[] }
  | { part: 'name'; before: string; after: string; affects: string[] }
  | { part: 'text'; fields: Array<'description' | 'narrative' | 'secrets'>; affects: string[] };

/** `diffDefinitions(before, after)`: deterministic, JSON-serialisable. */
export interface DefinitionDiff {
  /** The later definition's steps in declaration order, then the removed ones in theirs. */
  steps: StepDiff[];
  /** In the order env, inputs, max_parallel, name, text; only the parts that changed. */
  workflow: WorkflowChange[];
  /** Steps added, removed or changed: what "N changes" counts. */
  changeCount: number;
}

/** The status each step of the run ended with (or is in); a missing step reads as `pending`. */
export type RecordedStatuses = Readonly<Record<string, StepStatus | undefined>>;

/**
 * What an adapter asks of a recorded run:
 * - resume-latest: continue the same run on a newer definition; `diff` is
 *   `diffDefinitions(the run's definition, definition)`
 * - retry: run `step` again in the same run, and with `downstream` every step that depends on it
 * - rerun: a new run that reuses the recorded results of the steps it does not run; `from`
 *   runs that step and everything downstream, `only` runs just those steps, neither runs
 *   every step; `diff` (for `--latest`) also runs what changed and everything downstream of it
 */
export type RetellingRequest =
  | { kind: 'resume-latest'; diff: DefinitionDiff }
  | { kind: 'retry'; step: string; downstream: boolean }
  | {
      kind: 'rerun';
      from?: string;
      only?: readonly string[];
      diff?: DefinitionDiff;
    };

/**
 * Why a step runs:
 * - requested: named by the request (retry's step, rerun's `from`/`only`, every step of a bare rerun)
 * - changed / added: by the diff
 * - downstream: it depends, directly or not, on `of`, which runs for one of the reasons above
 * - not-succeeded: resume runs again what did not succeed (`status` as recorded)
 */
export type RunReason =
  | { kind: 'requested' }
  | { kind: 'changed'; parts: StepPart[] }
  | { kind: 'added' }
  | { kind: 'downstream'; of: string }
  | { kind: 'not-succeeded'; status: StepStatus };

/** A step that will run again although its irreversible effect already happened. */
export interface IrreversibleRepeat {
  step: string;
  /** The action's own words: "merges into the target branch", "deploys". */
  effect: string;
}

/** What a resume, retry or rerun will do, for the resolution preview and the run service. */
export interface RetellingPlan {
  /** The steps that will run, in topological order (ties in declaration order). */
  run: string[];
  /** Why each step in `run` runs. */
  reasons: Record<string, RunReason>;
  /** The steps that keep their recorded results, in topological order. */
  keep: string[];
  /** Steps of the recorded run that the definition no longer has (resume/rerun on a diff). */
  removed: string[];
  /**
   * Steps in `run` that succeeded in the recorded run and whose action declares an
   * irreversible effect, in `run` order: an adapter must have these acknowledged.
   */
  irreversible: IrreversibleRepeat[];
}

/**
 * How a re-telling is told in the story and recorded on the run (the `run.retold` event's
 * data, and a rerun's origin):
 * - resume-latest: the same run continues on a newer revision (`toRevision`, a short id)
 * - retry: the same run tells `step` again (and with `downstream`, what follows it)
 * - rerun: a new run re-telling `fromRun` from `from`, or only the `only` steps, or whole;
 *   `latest` when it runs the current definition rather than the one `fromRun` ran
 */
export type Telling =
  | {
      kind: 'resume-latest';
      fromRevision: string | null;
      toRevision: string;
      changeCount: number;
      changed: string[];
      added: string[];
      removed: string[];
    }
  | { kind: 'retry'; step: string; downstream: boolean }
  | {
      kind: 'rerun';
      fromRun: string;
      from?: string;
      only?: string[];
      latest: boolean;
      /** How many beats are taken from `fromRun` as they were told. */
      kept: number;
    };
