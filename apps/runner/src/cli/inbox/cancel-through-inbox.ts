import { readEnv } from '../../env.ts';
import { UserError } from '../../errors.ts';
import { workspaceStateDir } from '../../workflows/locations.ts';
import { Inbox } from '../../workspace/inbox.ts';
import type { StateBusyError } from '../../workspace/state-lock.ts';
import { out } from '../output.ts';
import { holderName, STOP_WAIT_MS, waitUntilReleased, waitUntilTaken } from './hand-over.ts';

/**
 * `arcflow cancel` while another process holds the embedded database: leaves the request
 * in the inbox that process reads, and waits for it to finish.
 */
export async function cancelThroughInbox(
  runId: string,
  workspaceDir: string,
  busy: StateBusyError,
): Promise<number> {
  if (readEnv().DATABASE_URL) throw busy;
  const stateDir = workspaceStateDir(workspaceDir);
  const inbox = new Inbox(stateDir);
  const holder = holderName(busy.owner);
  if (!(await waitUntilTaken(inbox.requestCancel(runId), 3000))) {
    inbox.clear(runId);
    throw new UserError(
      `${holder} holds this workspace but is not executing run ${runId}; check the run id, or cancel once it has finished`,
    );
  }
  out(`cancel requested; ${holder} is stopping run ${runId}…`);
  if (await waitUntilReleased(stateDir, busy.owner.pid, STOP_WAIT_MS)) {
    out(`process ${busy.owner.pid} has finished; see the result with \`arcflow show ${runId}\``);
  } else {
    out(`process ${busy.owner.pid} is still busy; it stops the run as soon as its steps end`);
  }
  return 0;
}
