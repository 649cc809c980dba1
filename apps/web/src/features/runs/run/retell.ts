import type { RetellPreview, RetellRequest, RunDetail, RunStep } from '@/lib/api-types';
import { exhaustive } from '@/lib/exhaustive';
import { isFinal } from '@/lib/statuses';

/**
 * The run page's side of re-telling a run (resume on the current definition, retry, rerun):
 * what to ask the runner, and how its resolution preview reads. No React here.
 */

export type StepChange = NonNullable<RetellPreview['definitionChange']>['steps'][number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The dialog's title: what is about to happen, and to which run. */
export function previewHeadline(request: RetellRequest, fan: FanRole = null): string {
  switch (request.kind) {
    case 'resume':
      return request.latest
        ? `Resume run ${request.runId} with the current definition`
        : `Resume run ${request.runId}`;
    case 'retry':
      if (fan === 'join') {
        return `Retry the failed instances of "${request.step}"${request.downstream ? ' and what follows' : ''} in run ${request.runId}`;
      }
      if (fan === 'instance') {
        return `Retry the instance "${request.step}"${request.downstream ? ' and what follows' : ''} in run ${request.runId}`;
      }
      return request.downstream
        ? `Retry "${request.step}" and everything after it in run ${request.runId}`
        : `Retry "${request.step}" in run ${request.runId}`;
    case 'rerun': {
      const scope =
        request.from !== undefined
          ? ` from "${request.from}"`
          : request.only !== undefined
            ? ` of only ${request.only.map((s) => `"${s}"`).join(', ')}`
            : '';
      return `A new run re-telling run ${request.runId}${scope}`;
    }
    default:
      return exhaustive(request);
  }
}

/** One sentence under the title: where the telling goes on. */
export function previewHint(preview: RetellPreview): string {
  const where = preview.newRun
    ? `A new run of ${preview.workflow} starts; run ${preview.runId} stays as it was told.`
    : `Run ${preview.runId} goes on: its story keeps what it told so far.`;
  const change = preview.definitionChange;
  return change
    ? `${where} It runs revision ${change.to} (the run told ${change.from}).`
    : `${where} It runs the definition the run was told with.`;
}

/** The confirm button's words. */
export function confirmLabel(preview: RetellPreview): string {
  const count = preview.run.length;
  if (count === 0) return preview.newRun ? 'Start the new run' : 'Go on';
  const beats = plural(count, 'step');
  switch (preview.kind) {
    case 'resume':
      return `Resume: run ${beats}`;
    case 'retry':
      return `Retry: run ${beats}`;
    case 'rerun':
      return `Start the new run: ${beats} to run`;
    default:
      return exhaustive(preview.kind);
  }
}

/**
 * The checkbox of one irreversible effect, naming it: the person ticks what they accept.
 * `reusedFrom`: the run the step's result was taken over from, where the effect really happened.
 */
export function effectLabel(
  effect: { step: string; effect: string },
  preview: Pick<RetellPreview, 'newRun' | 'runId'>,
  reusedFrom?: string | null,
): string {
  const where = reusedFrom
    ? `in run ${reusedFrom}`
    : preview.newRun
      ? `in run ${preview.runId}`
      : 'in this run';
  return `Run "${effect.step}" again — it ${effect.effect}, and already did ${where}`;
}

/** The steps whose irreversible effect is still not acknowledged, in preview order. */
export function unacknowledged(
  preview: Pick<RetellPreview, 'irreversible'>,
  acknowledged: ReadonlySet<string>,
): string[] {
  return preview.irreversible.map((e) => e.step).filter((step) => !acknowledged.has(step));
}

/** What the runner is told was acknowledged: only steps the preview asks about. */
export function acknowledgedSteps(
  preview: Pick<RetellPreview, 'irreversible'>,
  acknowledged: ReadonlySet<string>,
): string[] {
  return preview.irreversible.map((e) => e.step).filter((step) => acknowledged.has(step));
}

/** Whether the confirm button may be pressed. */
export function canConfirm(
  preview: Pick<RetellPreview, 'irreversible'> | undefined,
  acknowledged: ReadonlySet<string>,
): boolean {
  return preview !== undefined && unacknowledged(preview, acknowledged).length === 0;
}

/** How a changed, added, removed or reworded step reads in the definition change. */
export function stepChangeText(change: StepChange): string {
  switch (change.kind) {
    case 'changed':
      return `${change.parts.join(', ')} changed${change.cosmetic.length > 0 ? `; ${change.cosmetic.join(', ')} reworded` : ''}`;
    case 'cosmetic':
      return `${change.cosmetic.join(', ')} reworded — keeps its result`;
    case 'added':
      return 'added';
    case 'removed':
      return 'removed — cut from the story';
    default:
      return exhaustive(change);
  }
}

/** The "Resume with the current definition (N changes)" button's words. */
export function resumeLatestLabel(changeCount: number): string {
  return `Resume with the current definition (${plural(changeCount, 'change')})`;
}

/** One entry of a step's menu (the DAG node's): a request for the preview, or why not. */
export interface StepAction {
  id:
    | 'retry'
    | 'retry-downstream'
    | 'rerun-from'
    | 'rerun-only'
    | 'retry-instance'
    | 'retry-failed-instances';
  label: string;
  request: RetellRequest;
}

/** What a step is in a fan-out: one instance, the fanned-out step (its join), or neither. */
export type FanRole = 'instance' | 'join' | null;

/** A step's part in a fan-out, read from the run's step summary. */
export function fanRoleOf(step: { instanceOf?: string; fanOut?: string } | undefined): FanRole {
  if (step?.instanceOf) return 'instance';
  if (step?.fanOut) return 'join';
  return null;
}

/**
 * What can be asked about one step of a run: retry it (alone or with what follows), rerun.
 * An instance is retried with what follows (its join gathers it again); a fanned-out step is
 * retried through its instances that failed or were stopped (all of them when none did).
 */
export function stepActions(runId: string, stepId: string, fan: FanRole = null): StepAction[] {
  const rerunFrom: StepAction = {
    id: 'rerun-from',
    label: 'Rerun from here (new run)',
    request: { kind: 'rerun', runId, from: stepId, latest: false },
  };
  if (fan === 'instance') {
    return [
      {
        id: 'retry-instance',
        label: 'Retry this instance',
        request: { kind: 'retry', runId, step: stepId, downstream: true },
      },
      rerunFrom,
    ];
  }
  if (fan === 'join') {
    return [
      {
        id: 'retry-failed-instances',
        label: 'Retry failed instances',
        request: { kind: 'retry', runId, step: stepId, downstream: true },
      },
      rerunFrom,
    ];
  }
  return [
    {
      id: 'retry',
      label: 'Retry this step',
      request: { kind: 'retry', runId, step: stepId, downstream: false },
    },
    {
      id: 'retry-downstream',
      label: 'Retry with everything after it',
      request: { kind: 'retry', runId, step: stepId, downstream: true },
    },
    rerunFrom,
    {
      id: 'rerun-only',
      label: 'Rerun only this step',
      request: { kind: 'rerun', runId, only: [stepId], latest: false },
    },
  ];
}

/** Why a run cannot be re-told right now, or null when it can. */
export function retellBlocked(run: Pick<RunDetail, 'id' | 'status'>): string | null {
  return isFinal(run.status)
    ? null
    : `Run ${run.id} is still ${run.status}: it can be retried or rerun once it ends.`;
}

/** The same request on the current definition (rerun and resume), or as it was (`false`). */
export function withLatest(request: RetellRequest, latest: boolean): RetellRequest {
  return request.kind === 'retry' ? request : { ...request, latest };
}

/** The same rerun from another step. */
export function rerunFrom(request: RetellRequest, from: string): RetellRequest {
  if (request.kind !== 'rerun') return request;
  const { only: _only, ...rest } = request;
  return { ...rest, from };
}

/** A step a rerun took over from an earlier run instead of telling it again. */
export function reusedNote(step: Pick<RunStep, 'reusedFrom'>): string | null {
  return step.reusedFrom ? `reused from run ${step.reusedFrom}` : null;
}

/** The banner of a rerun: `A re-telling of run X from "test"`. */
export function retoldFromText(retoldFrom: NonNullable<RunDetail['retoldFrom']>): {
  lead: string;
  runId: string;
  tail: string;
} {
  const telling = retoldFrom.telling as {
    from?: string;
    only?: string[];
    latest?: boolean;
    kept?: number;
  } | null;
  const scope =
    telling?.from !== undefined
      ? ` from "${telling.from}"`
      : telling?.only !== undefined
        ? ` of only ${telling.only.map((s) => `"${s}"`).join(', ')}`
        : ' from the start';
  const latest = telling?.latest ? ', on the current definition' : '';
  const kept =
    telling?.kept !== undefined && telling.kept > 0
      ? `; ${plural(telling.kept, 'step')} taken over as told there`
      : '';
  return { lead: 'A re-telling of run', runId: retoldFrom.runId, tail: `${scope}${latest}${kept}` };
}

/**
 * The revision short ids a run was told with, in order, read from its `run.retold` events:
 * the first is where it began, each later one a switch (resume on the current definition).
 */
export function revisionSwitches(
  events: ReadonlyArray<{ seq: number; type: string; data?: unknown }>,
): Array<{ seq: number; from: string | null; to: string }> {
  const switches: Array<{ seq: number; from: string | null; to: string }> = [];
  for (const event of events) {
    if (event.type !== 'run.retold') continue;
    const data = event.data as { kind?: string; fromRevision?: unknown; toRevision?: unknown };
    if (data?.kind !== 'resume-latest' || typeof data.toRevision !== 'string') continue;
    const from = typeof data.fromRevision === 'string' ? data.fromRevision : null;
    if (from === data.toRevision) continue;
    switches.push({ seq: event.seq, from, to: data.toRevision });
  }
  return switches;
}

/**
 * The short label a `run.retold` event gets on the arc timeline: a revision switch as such
 * (`revision a1b2c3d → e4f5a6b`), a retry, a rerun's start; null for any other event.
 */
export function retoldMark(event: { type: string; data?: unknown }): string | null {
  if (event.type !== 'run.retold') return null;
  const data = (event.data ?? {}) as {
    kind?: string;
    fromRevision?: unknown;
    toRevision?: unknown;
    step?: unknown;
    downstream?: unknown;
    fromRun?: unknown;
  };
  switch (data.kind) {
    case 'resume-latest':
      return typeof data.toRevision === 'string' && data.fromRevision !== data.toRevision
        ? `revision ${typeof data.fromRevision === 'string' ? data.fromRevision : '?'} → ${data.toRevision}`
        : 'resumed';
    case 'retry':
      return typeof data.step === 'string'
        ? `retry "${data.step}"${data.downstream ? ' and after' : ''}`
        : 'retry';
    case 'rerun':
      return typeof data.fromRun === 'string' ? `re-telling of ${data.fromRun}` : 're-telling';
    default:
      return 're-told';
  }
}
