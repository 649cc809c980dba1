import { isResumableRunStatus } from '@arcflow/engine';
import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { executeRun } from '../../runs/execute-run.ts';
import { isOrphaned } from '../../runs/orphans.ts';
import { withSession } from '../../session/session.ts';
import { err } from '../output.ts';
import { followRun } from './follow.ts';
import { requireRun } from './require-run.ts';

/**
 * `arcflow resume <runId>`: re-runs only what did not succeed, as new attempts. A run left
 * behind by a runner that stopped (a crash, a lost database) is first canceled, so that
 * its unfinished steps run again too.
 */
export async function resumeCommand(
  runId: string,
  options: { workspace?: string; json?: boolean; maxParallel?: number },
): Promise<number> {
  return withSession(options.workspace, 'resume', async (session) => {
    let run = await requireRun(session, runId);
    if (isOrphaned(run)) {
      await executeRun(session, run, 'cancel');
      err(
        pc.yellow(
          `run ${run.id} had lost its runner; its unfinished steps were canceled and run again now`,
        ),
      );
      run = await requireRun(session, runId);
    }
    if (!isResumableRunStatus(run.status)) {
      throw new UserError(
        run.status === 'succeeded'
          ? `run ${run.id} already succeeded; there is nothing to resume`
          : `run ${run.id} is ${run.status} in another runner (${run.leaseOwner ?? 'unknown'}); only failed or canceled runs can be resumed`,
      );
    }
    return followRun(session, run, 'resume', options);
  });
}
