import pc from 'picocolors';
import { err } from '../output.ts';
import { withRunService } from '../with-run-service.ts';
import { followRun } from './follow.ts';

/**
 * `arcflow resume <runId>`: re-runs only what did not succeed, as new attempts, in this
 * process. A run left behind by a runner that stopped (a crash, a lost database) is first
 * canceled, so that its unfinished steps run again too.
 */
export async function resumeCommand(
  runId: string,
  options: { workspace?: string; json?: boolean; maxParallel?: number },
): Promise<number> {
  return withRunService(options.workspace, 'resume', async (service, session) => {
    const { run, recoveredOrphan } = await service.resumeRun(runId);
    if (recoveredOrphan) {
      err(
        pc.yellow(
          `run ${run.id} had lost its runner; its unfinished steps were canceled and run again now`,
        ),
      );
    }
    return followRun(session, run, 'resume', options);
  });
}
