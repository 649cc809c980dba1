import { isFinalRunStatus } from '@arcflow/engine';
import pc from 'picocolors';
import { readEnv } from '../../env.ts';
import { UserError } from '../../errors.ts';
import { executeRun } from '../../runs/execute-run.ts';
import { isOrphaned } from '../../runs/orphans.ts';
import { workspaceStateDir } from '../../workflows/locations.ts';
import { Inbox, isPending } from '../../workspace/inbox.ts';
import { readLockOwner, StateBusyError } from '../../workspace/state-lock.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { openSession, type Session } from '../../session/session.ts';
import { out } from '../output.ts';
import { requireRun } from './require-run.ts';

const WAIT_MS = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `arcflow cancel <runId>`: asks the runner executing the run to stop it and waits for
 * the run to end. A run whose runner is gone is canceled here directly.
 */
export async function cancelCommand(
  runId: string,
  options: { workspace?: string },
): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  let session: Session;
  try {
    session = await openSession(workspaceDir, 'cancel');
  } catch (error) {
    if (!(error instanceof StateBusyError)) throw error;
    return cancelThroughInbox(runId, workspaceDir, error);
  }
  try {
    const run = await requireRun(session, runId);
    if (isFinalRunStatus(run.status))
      throw new UserError(`run ${run.id} already ended (${run.status}); nothing to cancel`);
    if (isOrphaned(run)) {
      const final = await executeRun(session, run, 'cancel');
      out(`run ${pc.bold(run.id)} ${pc.yellow(final.status)} (its runner was gone; canceled here)`);
      return 0;
    }
    await session.repo.requestCancel(run.id, new Date());
    out(`cancel requested; waiting for ${run.leaseOwner ?? 'its runner'} to stop run ${run.id}…`);
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const current = await session.repo.getRun(run.id);
      if (current && isFinalRunStatus(current.status)) {
        out(`run ${pc.bold(run.id)} ${pc.yellow(current.status)}`);
        return 0;
      }
      await sleep(250);
    }
    out(`run ${run.id} has not stopped yet; its runner will stop it as soon as its steps end`);
    return 0;
  } finally {
    await session.close();
  }
}

/** With the embedded database busy, leave the request where the executing process looks. */
async function cancelThroughInbox(
  runId: string,
  workspaceDir: string,
  busy: StateBusyError,
): Promise<number> {
  if (readEnv().DATABASE_URL) throw busy;
  const stateDir = workspaceStateDir(workspaceDir);
  const inbox = new Inbox(stateDir);
  const note = inbox.requestCancel(runId);
  const pickupDeadline = Date.now() + 3000;
  while (isPending(note) && Date.now() < pickupDeadline) await sleep(100);
  if (isPending(note)) {
    inbox.clear(runId);
    throw new UserError(
      `process ${busy.owner.pid} (\`arcflow ${busy.owner.command}\`) holds this workspace but is not executing run ${runId}; check the run id, or cancel once it has finished`,
    );
  }
  out(
    `cancel requested; process ${busy.owner.pid} (\`arcflow ${busy.owner.command}\`) is stopping run ${runId}…`,
  );
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline && readLockOwner(stateDir)?.pid === busy.owner.pid) await sleep(250);
  if (readLockOwner(stateDir)?.pid === busy.owner.pid) {
    out(`process ${busy.owner.pid} is still busy; it stops the run as soon as its steps end`);
  } else {
    out(`process ${busy.owner.pid} has finished; see the result with \`arcflow show ${runId}\``);
  }
  return 0;
}
