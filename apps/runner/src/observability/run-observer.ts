import type { ClaimedRun, RunRecord } from '@arcflow/db';
import type { RunEvent, RunState } from '@arcflow/engine';
import type { RunnerMetrics } from './metrics.ts';
import type { AttemptOutcome, SpanSink } from './spans.ts';

type FinalRunStatus = 'succeeded' | 'failed' | 'canceled';

const RUN_BEGINNINGS = {
  'run.started': 'start',
  'run.resumed': 'resume',
  'run.retold': 'retell',
} as const;
const RUN_ENDINGS: Record<string, FinalRunStatus> = {
  'run.succeeded': 'succeeded',
  'run.failed': 'failed',
  'run.canceled': 'canceled',
};

/**
 * Turns what the worker sees of the runs it executes — the claim, then every committed
 * event — into metrics and, when tracing is on, spans. It watches from the outside: the
 * worker hands it each claimed run and feeds it the run's events.
 */
export class RunObserver {
  constructor(
    private readonly metrics: RunnerMetrics,
    private readonly spans?: SpanSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** This runner claimed `run`; the function it returns takes each event committed for it. */
  runClaimed(claimed: ClaimedRun, run: RunRecord): (event: RunEvent, state: RunState) => void {
    const { metrics, spans } = this;
    const claimedAt = this.now();
    metrics.runsClaimed.inc({ how: claimed.kind });
    if (claimed.kind === 'adopt') metrics.leaseTakeovers.inc();
    if (claimed.kind === 'start' && run.startedAt === null) {
      metrics.queueWait.observe(Math.max(0, claimedAt.getTime() - run.createdAt.getTime()) / 1000);
    }
    const workflow = metrics.workflowLabel(run.workflowName);
    const kind = run.event?.kind;
    const trigger = typeof kind === 'string' ? kind : 'manual';
    const narrative = run.definition.narrative;
    const beats = new Map(run.definition.steps.map((step) => [step.id, step.beat]));
    // Which telling the run is in: resumes so far; a resume or re-telling of a run that had
    // begun starts the next (a rerun's first re-telling is its first telling).
    let telling = run.resumeCount;
    let begun = run.startedAt !== null;
    // Taken over mid-telling, its real start is not known here: the first telling's start
    // is the run's; a later one's, the claim.
    let tellingStart = telling === 0 && run.startedAt ? run.startedAt : claimedAt;
    let tension: string | undefined;

    return (event) => {
      if (event.type in RUN_BEGINNINGS) {
        const how = RUN_BEGINNINGS[event.type as keyof typeof RUN_BEGINNINGS];
        if (how !== 'start' && begun) telling += 1;
        begun = true;
        tellingStart = event.at;
        tension = undefined;
        metrics.runsStarted.inc({ workflow, how });
        return;
      }
      const ending = RUN_ENDINGS[event.type];
      if (ending) {
        metrics.runsFinished.inc({ workflow, status: ending });
        spans?.telling({
          runId: run.id,
          telling,
          workflow: run.workflowName,
          trigger,
          ...(narrative ? { narrative } : {}),
          startedAt: tellingStart,
          endedAt: event.at,
          status: ending,
          story: event.story.text,
          ...(tension ? { tension } : {}),
        });
        return;
      }
      if (event.story.kind === 'tension' && event.type !== 'step.retrying') {
        tension = event.story.text;
      }
      if (event.type === 'step.started') {
        metrics.stepsStarted.inc({ workflow });
        return;
      }
      const outcome = attemptOutcome(event);
      if (!outcome || event.stepId === undefined || event.attempt === undefined) return;
      const seconds = outcome.durationMs / 1000;
      metrics.stepsFinished.inc({ workflow, status: outcome.status });
      metrics.stepDuration.observe({ workflow, status: outcome.status }, seconds);
      const beat = beats.get(event.stepId);
      spans?.step({
        runId: run.id,
        telling,
        workflow: run.workflowName,
        stepId: event.stepId,
        attempt: event.attempt,
        startedAt: new Date(event.at.getTime() - outcome.durationMs),
        endedAt: event.at,
        status: outcome.status,
        story: event.story.text,
        ...(beat ? { beat } : {}),
        ...(outcome.failure ? { failure: outcome.failure } : {}),
      });
    };
  }
}

/**
 * How an attempt ended, for the events that end one (they carry its duration); undefined
 * for the others, and for steps skipped or failed without ever starting.
 */
function attemptOutcome(event: RunEvent):
  | {
      status: AttemptOutcome;
      durationMs: number;
      failure?: { reason?: string; message?: string; exitCode?: number };
    }
  | undefined {
  const data = event.data ?? {};
  const durationMs = data.durationMs;
  if (typeof durationMs !== 'number') return undefined;
  const failure = {
    ...(typeof data.reason === 'string' ? { reason: data.reason } : {}),
    ...(typeof data.message === 'string' ? { message: data.message } : {}),
    ...(typeof data.exitCode === 'number' ? { exitCode: data.exitCode } : {}),
  };
  switch (event.type) {
    case 'step.succeeded':
      return { status: 'succeeded', durationMs };
    case 'step.skipped':
      return { status: 'skipped', durationMs };
    case 'step.canceled':
      return { status: 'canceled', durationMs, failure };
    case 'step.failed':
    case 'step.retrying':
      return {
        status: data.reason === 'interrupted' ? 'interrupted' : 'failed',
        durationMs,
        failure,
      };
    default:
      return undefined;
  }
}
