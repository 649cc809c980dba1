import type { RunRecord } from '@arcflow/db';
import { childOutcome, isFinalRunStatus, type RunState, type TriggerEvent } from '@arcflow/engine';
import type { Actor } from '../identity/actor.ts';
import { prepareRun } from '../service/prepare-run.ts';
import { RunService } from '../service/run-service.ts';
import type { Session } from '../session/session.ts';
import type { ChildRequest, SubWorkflowStarter } from '../worker/launch-child.ts';
import { type ExecuteHooks, executeRun } from './execute-run.ts';
import { isOrphaned } from './orphans.ts';
import { runStateFromRecord } from './run-state.ts';

/** How often a child run another runner drives is looked at (a safety net, not a loop). */
const FOREIGN_CHILD_POLL_MS = 1000;

/**
 * Runs the child runs of `uses:` steps in this process, through the run service (leased to
 * `runnerId` from the start, so no worker claims them). A step's first attempt starts its child;
 * a later attempt (a resume or retry of the parent) resumes that child when it failed or was
 * canceled — its succeeded steps are not run again — and starts a new one after a success.
 */
export function subWorkflowStarter(
  session: Session,
  runnerId: string,
  hooks: Pick<ExecuteHooks, 'team' | 'onStorageTrouble'> = {},
): SubWorkflowStarter {
  const service = new RunService(session, { by: 'this-process', runnerId });
  const starter: SubWorkflowStarter = async (request) => {
    const previous = await session.store.runs.childOf(request.parentRunId, request.stepId);
    const { run, how } = await childToRun(session, service, request, previous);
    request.log(
      how === 'start'
        ? `started run ${run.id} of workflow ${run.workflowName}`
        : `resumed run ${run.id} of workflow ${run.workflowName}`,
    );
    if (how === 'wait')
      return childOutcome(
        run.id,
        run.definition,
        await waitForEnd(session, run.id, request.signal),
      );
    const final = await executeRun(session, run, how, {
      ...hooks,
      runnerId,
      subWorkflows: starter,
      onCancelAvailable: (cancel) =>
        onAbort(request.signal, (reason) => reason !== 'handed-back' && cancel()),
      onHandBackAvailable: (handBack) =>
        onAbort(request.signal, (reason) => reason === 'handed-back' && void handBack()),
    });
    // `executeRun` kept the child's outputs with it.
    return childOutcome(run.id, run.definition, final);
  };
  return starter;
}

interface ChildToRun {
  run: RunRecord;
  how: 'start' | 'resume' | 'wait';
}

/** The child run this attempt drives, and how: new, resumed, or another runner's to wait for. */
async function childToRun(
  session: Session,
  service: RunService,
  request: ChildRequest,
  previous: RunRecord | null,
): Promise<ChildToRun> {
  const actor = childActor(request);
  if (previous === null || previous.status === 'succeeded') {
    const parent = await service.getRun(request.parentRunId);
    const prepared = prepareRun(session.workspaceDir, request.uses, request.inputs);
    const run = await service.startPrepared(prepared, `workflow:${request.parentRunId}`, actor, {
      parent: { runId: request.parentRunId, stepId: request.stepId },
      ...(parent.event ? { event: parent.event as unknown as TriggerEvent } : {}),
    });
    return { run, how: 'start' };
  }
  if (!isFinalRunStatus(previous.status) && !isOrphaned(previous)) {
    return { run: previous, how: 'wait' };
  }
  // A child left behind by a runner that died ends canceled here, then goes on.
  await service.recoverOrphan(previous.id);
  const { run } = await service.resumeRun(previous.id, actor);
  return { run, how: 'resume' };
}

/** Who starts a child run: its parent run's step (audited as such). */
function childActor(request: ChildRequest): Actor {
  return {
    kind: 'local',
    name: `run ${request.parentRunId} (step ${request.stepId})`,
    role: 'admin',
    from: { client: 'sub-workflow' },
  };
}

/** Waits for a child run another runner drives to end; canceling asks that runner to stop it. */
async function waitForEnd(session: Session, runId: string, signal: AbortSignal): Promise<RunState> {
  onAbort(signal, (reason) => {
    if (reason !== 'handed-back') void session.store.runs.requestCancel(runId, new Date());
  });
  for (;;) {
    const run = await session.store.runs.get(runId);
    if (!run) throw new Error(`child run ${runId} is gone`);
    if (isFinalRunStatus(run.status)) return runStateFromRecord(run);
    if (signal.aborted && signal.reason === 'handed-back') return runStateFromRecord(run);
    await new Promise((resolve) => setTimeout(resolve, FOREIGN_CHILD_POLL_MS));
  }
}

function onAbort(signal: AbortSignal, act: (reason: unknown) => unknown): void {
  if (signal.aborted) act(signal.reason);
  else signal.addEventListener('abort', () => act(signal.reason), { once: true });
}
