import { UserError } from '../../errors.ts';
import type { Decision } from '../../service/run-service.ts';
import { workspaceStateDir } from '../../workflows/locations.ts';
import { Inbox } from '../../workspace/inbox.ts';
import type { StateBusyError } from '../../workspace/state-lock.ts';
import { decisionNoun } from '../decision-words.ts';
import { holderName, waitUntilTaken } from './hand-over.ts';

/**
 * `arcflow approve|reject` while another process holds the embedded database: that process
 * executes the run, so the decision is handed to it through the workspace's inbox and it
 * records it. Resolves once taken; a `UserError` when it is not taken in time.
 */
export async function decideThroughInbox(
  decision: Decision & { by: string },
  workspaceDir: string,
  busy: StateBusyError,
): Promise<void> {
  const { runId, stepId } = decision;
  const note = new Inbox(workspaceStateDir(workspaceDir)).postDecision(runId, {
    stepId,
    decision: decision.decision,
    by: decision.by,
    comment: decision.comment,
    at: new Date().toISOString(),
  });
  if (!(await waitUntilTaken(note, 5000))) {
    throw new UserError(
      `${holderName(busy.owner)} did not take the ${decisionNoun(decision.decision)}: is step "${stepId}" of run ${runId} waiting for one? Check with \`arcflow show ${runId}\` once it finishes`,
    );
  }
}
