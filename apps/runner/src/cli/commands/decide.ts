import { resolveWorkspace } from '../../workspace/workspace.ts';
import { describeDecision } from '../decision-words.ts';
import { currentPerson } from '../identity.ts';
import { decideThroughInbox } from '../inbox/decide-through-inbox.ts';
import { out } from '../output.ts';
import { withRunService } from '../with-run-service.ts';

export interface DecideOptions {
  workspace?: string;
  comment?: string;
  as?: string;
}

/** `arcflow approve|reject <runId> <stepId>`: a person's decision on a waiting ceremony step. */
export async function decideCommand(
  decision: 'approve' | 'reject',
  runId: string,
  stepId: string,
  options: DecideOptions,
): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  const asked = {
    runId,
    stepId,
    decision,
    by: currentPerson(options.as),
    comment: options.comment,
  };
  return withRunService(
    workspaceDir,
    decision,
    async (service) => {
      const recorded = await service.decide(asked);
      out(`${describeDecision(recorded)} in run ${recorded.runId} is recorded`);
      return 0;
    },
    {
      // The embedded database belongs to the process executing the run: hand it the decision.
      whenBusy: async (busy) => {
        await decideThroughInbox(asked, workspaceDir, busy);
        out(
          `${describeDecision(asked)} was handed to process ${busy.owner.pid}, which runs ${runId}`,
        );
        return 0;
      },
    },
  );
}
