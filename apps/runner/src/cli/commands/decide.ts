import { UserError } from '../../errors.ts';
import { localActor } from '../../identity/actor.ts';
import type { Decision } from '../../service/run-service.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { describeDecision } from '../decision-words.ts';
import { decideThroughInbox } from '../inbox/decide-through-inbox.ts';
import { out } from '../output.ts';
import { withRunService } from '../with-run-service.ts';

export interface DecideOptions {
  workspace?: string;
  comment?: string;
  /** No longer accepted: a decision is recorded as whoever makes it. */
  as?: string;
}

/**
 * `arcflow approve|reject <runId> <stepId>`: the local person's decision on a waiting
 * ceremony step (git user.name, else the login name). Nobody decides in someone else's name.
 */
export async function decideCommand(
  decision: 'approve' | 'reject',
  runId: string,
  stepId: string,
  options: DecideOptions,
): Promise<number> {
  const actor = localActor({ client: 'cli-local' });
  if (options.as !== undefined) {
    throw new UserError(
      `--as is no longer accepted: a decision is recorded as the person who makes it, here ${actor.name} (git user.name, else your login); someone else decides with their own account`,
    );
  }
  const workspaceDir = resolveWorkspace(options.workspace);
  const asked: Decision = { runId, stepId, decision, comment: options.comment };
  return withRunService(
    workspaceDir,
    decision,
    async (service) => {
      const recorded = await service.decide(asked, actor);
      out(`${describeDecision(recorded)} in run ${recorded.runId} is recorded`);
      return 0;
    },
    {
      // The embedded database belongs to the process executing the run: hand it the decision.
      whenBusy: async (busy) => {
        const handed = { ...asked, by: actor.name };
        await decideThroughInbox(handed, workspaceDir, busy);
        out(
          `${describeDecision(handed)} was handed to process ${busy.owner.pid}, which runs ${runId}`,
        );
        return 0;
      },
    },
  );
}
