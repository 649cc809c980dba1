import { isResumableRunStatus } from '@arcflow/engine';
import { UserError } from '../../errors.ts';
import { withSession } from '../context.ts';
import { followRun } from './follow.ts';
import { requireRun } from './require-run.ts';

/** `arcflow resume <runId>`: re-runs only what did not succeed, as new attempts. */
export async function resumeCommand(
  runId: string,
  options: { workspace?: string; json?: boolean; maxParallel?: number },
): Promise<number> {
  return withSession(options.workspace, 'resume', async (session) => {
    const run = await requireRun(session, runId);
    if (!isResumableRunStatus(run.status)) {
      throw new UserError(
        run.status === 'succeeded'
          ? `run ${run.id} already succeeded; there is nothing to resume`
          : `run ${run.id} is ${run.status}; only failed or canceled runs can be resumed`,
      );
    }
    return followRun(session, run, 'resume', options);
  });
}
