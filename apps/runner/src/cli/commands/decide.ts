import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { workspaceStateDir } from '../../workflows/locations.ts';
import { Inbox, isPending } from '../../workspace/inbox.ts';
import { StateBusyError } from '../../workspace/state-lock.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { openSession, type Session } from '../../session/session.ts';
import { currentPerson } from '../identity.ts';
import { out } from '../output.ts';
import { requireRun } from './require-run.ts';

export interface DecideOptions {
  workspace?: string;
  comment?: string;
  as?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `arcflow approve|reject <runId> <stepId>`: a person's decision on a waiting ceremony step. */
export async function decideCommand(
  decision: 'approve' | 'reject',
  runId: string,
  stepId: string,
  options: DecideOptions,
): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  const by = currentPerson(options.as);
  const verb = decision === 'approve' ? 'approval' : 'rejection';
  let session: Session;
  try {
    session = await openSession(workspaceDir, decision);
  } catch (error) {
    if (!(error instanceof StateBusyError)) throw error;
    // The embedded database belongs to the process executing the run: hand it the decision.
    const note = new Inbox(workspaceStateDir(workspaceDir)).postDecision(runId, {
      stepId,
      decision,
      by,
      comment: options.comment,
      at: new Date().toISOString(),
    });
    const deadline = Date.now() + 5000;
    while (isPending(note) && Date.now() < deadline) await sleep(100);
    if (isPending(note)) {
      throw new UserError(
        `process ${error.owner.pid} (\`arcflow ${error.owner.command}\`) did not take the ${verb}: is step "${stepId}" of run ${runId} waiting for one? Check with \`arcflow show ${runId}\` once it finishes`,
      );
    }
    out(
      `${pc.bold(by)}'s ${verb} of ${stepId} was handed to process ${error.owner.pid}, which runs ${runId}`,
    );
    return 0;
  }
  try {
    const run = await requireRun(session, runId);
    const step = run.steps.find((s) => s.stepId === stepId);
    if (!step)
      throw new UserError(
        `run ${run.id} has no step "${stepId}"; its steps are ${run.steps.map((s) => s.stepId).join(', ')}`,
      );
    if (step.status !== 'waiting') {
      throw new UserError(
        `step "${stepId}" of run ${run.id} is ${step.status}, not waiting for a decision`,
      );
    }
    await session.repo.recordDecision({
      runId: run.id,
      stepId,
      attempt: step.attemptCount,
      decision,
      by,
      comment: options.comment ?? null,
      at: new Date(),
    });
    out(`${pc.bold(by)}'s ${verb} of ${stepId} in run ${run.id} is recorded`);
    return 0;
  } finally {
    await session.close();
  }
}
