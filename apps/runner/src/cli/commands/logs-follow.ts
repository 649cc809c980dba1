import type { LogLineRecord, RunOverview, RunRecord, Store } from '@arcflow/db';
import {
  isFinalRunStatus,
  isFinalStepStatus,
  type RunStatus,
  type StepStatus,
} from '@arcflow/engine';
import pc from 'picocolors';
import { createEventBus } from '../../events/create-event-bus.ts';
import type { Session } from '../../session/session.ts';
import { LOG_PAGE_LINES, type LogPrinter } from '../log-printer.ts';
import { colorStatus, err } from '../output.ts';

/**
 * While a step runs its lines arrive in batches (every 200 ms), which no notification
 * announces; and however busy the run, the follower looks no more often than this.
 */
const LINES_POLL_MS = 250;
/** Otherwise the run's events wake the follower; this often it looks anyway (a lost NOTIFY). */
const SAFETY_POLL_MS = 5000;
/** How often it looks when it cannot LISTEN (a connection pooler that does not pass it on). */
const NO_LISTEN_POLL_MS = 1000;

interface LogScope {
  stepId?: string;
  attempt?: number;
}

/** Prints every line of the scope after `afterId`, page by page; returns the last id printed. */
export async function printLogsAfter(
  store: Store,
  runId: string,
  scope: LogScope,
  afterId: bigint | undefined,
  printer: LogPrinter,
): Promise<bigint | undefined> {
  let after = afterId;
  for (;;) {
    const lines = await store.logs.list(runId, { ...scope, afterId: after, limit: LOG_PAGE_LINES });
    await printer.print(lines);
    if (lines.length > 0) after = (lines.at(-1) as LogLineRecord).id;
    if (lines.length < LOG_PAGE_LINES) return after;
  }
}

/**
 * `logs --follow`: prints the lines written after `afterId` as they come, until the step (or,
 * without one, the run) has ended; then the exit code `arcflow run` would give: 0 when it
 * succeeded (a step skipped by its condition too), else 1.
 *
 * The run's events (LISTEN/NOTIFY, from whichever runner executes it) say when to look at its
 * status again. Log lines are announced by nothing, so while a step of the scope runs they are
 * read every 250 ms; a run that waits (queued, or for an approval) is only looked at when an
 * event comes, or every 5 s. A step's last lines are stored with the transition that ends it,
 * so once the end is seen, one more read prints them all. The status is read from the run's
 * overview (no definition, outputs or attempt history), at most every 250 ms however many
 * events a large run sends.
 */
export async function followLogs(
  session: Session,
  run: RunRecord,
  scope: LogScope,
  afterId: bigint | undefined,
  printer: LogPrinter,
): Promise<number> {
  const store = session.store;
  const wakeup = new Wakeup();
  let statusDue = true; // an event may have come before the subscription
  const bus = await createEventBus(session.db).catch(() => undefined);
  const unsubscribe = bus?.subscribe((notification) => {
    if (notification.runId !== run.id) return;
    statusDue = true;
    wakeup.wake();
  });
  const lookEveryMs = bus ? SAFETY_POLL_MS : NO_LISTEN_POLL_MS;
  try {
    let current: RunProgress = run;
    let lastRead = Date.now();
    let after = afterId;
    for (;;) {
      const looked = Date.now();
      if (statusDue || looked - lastRead >= lookEveryMs) {
        statusDue = false;
        lastRead = looked;
        current = (await store.runs.overview(run.id)) ?? current;
      }
      const ending = endingOf(current, scope.stepId);
      after = await printLogsAfter(store, run.id, scope, after, printer);
      if (ending) {
        err(pc.dim(`${ending.subject} ${colorStatus(ending.status)}`));
        return ending.code;
      }
      const writing = current.steps.some(
        (step) => step.status === 'running' && (!scope.stepId || step.stepId === scope.stepId),
      );
      await wakeup.wait(writing ? LINES_POLL_MS : lookEveryMs);
      const soon = LINES_POLL_MS - (Date.now() - looked);
      if (soon > 0) await new Promise((resolve) => setTimeout(resolve, soon));
    }
  } finally {
    unsubscribe?.();
    wakeup.dispose();
    await bus?.close();
  }
}

interface Ending {
  subject: string;
  status: RunStatus | StepStatus;
  code: number;
}

/** What the follower reads of the run: its status and its steps'. */
type RunProgress = Pick<RunOverview | RunRecord, 'id' | 'status'> & {
  steps: ReadonlyArray<Pick<RunOverview['steps'][number], 'stepId' | 'status' | 'skipReason'>>;
};

/** How the followed step (or the run) ended, or undefined while it goes on. */
function endingOf(run: RunProgress, stepId: string | undefined): Ending | undefined {
  const step = stepId === undefined ? undefined : run.steps.find((s) => s.stepId === stepId);
  if (step && (isFinalStepStatus(step.status) || isFinalRunStatus(run.status))) {
    const fine =
      step.status === 'succeeded' || (step.status === 'skipped' && step.skipReason !== 'upstream');
    return {
      subject: `step ${step.stepId} of run ${run.id}`,
      status: step.status,
      code: fine ? 0 : 1,
    };
  }
  if (!step && isFinalRunStatus(run.status)) {
    return {
      subject: `run ${run.id}`,
      status: run.status,
      code: run.status === 'succeeded' ? 0 : 1,
    };
  }
  return undefined;
}

/** `wait(ms)` resolves after `ms`, or as soon as `wake()` is called (or was, since the last wait). */
class Wakeup {
  private woken = false;
  private resolve: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  wake(): void {
    this.woken = true;
    this.resolve?.();
  }

  async wait(ms: number): Promise<void> {
    if (!this.woken) {
      await new Promise<void>((resolve) => {
        this.resolve = resolve;
        this.timer = setTimeout(resolve, ms);
      });
      clearTimeout(this.timer);
      this.resolve = undefined;
    }
    this.woken = false;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.resolve?.();
  }
}
