import { setTimeout as sleep } from 'node:timers/promises';
import { isFinalRunStatus } from '@arcflow/engine';
import pc from 'picocolors';
import { localActor } from '../../identity/actor.ts';
import type { RunService } from '../../service/run-service.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { cancelThroughInbox } from '../inbox/cancel-through-inbox.ts';
import { STOP_WAIT_MS } from '../inbox/hand-over.ts';
import { out } from '../output.ts';
import { withRunService } from '../with-run-service.ts';

/**
 * `arcflow cancel <runId>`: asks the runner executing the run to stop it and waits for
 * the run to end. A run whose runner is gone is canceled here directly.
 */
export async function cancelCommand(
  runId: string,
  options: { workspace?: string },
): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  return withRunService(
    workspaceDir,
    'cancel',
    async (service) => {
      const result = await service.cancelRun(runId, localActor({ client: 'cli-local' }));
      const { run } = result;
      if (result.outcome === 'canceled-here') {
        out(
          `run ${pc.bold(run.id)} ${pc.yellow(result.status)} (its runner was gone; canceled here)`,
        );
        return 0;
      }
      out(`cancel requested; waiting for ${run.leaseOwner ?? 'its runner'} to stop run ${run.id}…`);
      const status = await waitForEnd(service, run.id);
      if (status) out(`run ${pc.bold(run.id)} ${pc.yellow(status)}`);
      else
        out(`run ${run.id} has not stopped yet; its runner will stop it as soon as its steps end`);
      return 0;
    },
    { whenBusy: (busy) => cancelThroughInbox(runId, workspaceDir, busy) },
  );
}

/** The run's final status once it ends, or undefined if it has not within `STOP_WAIT_MS`. */
async function waitForEnd(service: RunService, runId: string) {
  const deadline = Date.now() + STOP_WAIT_MS;
  while (Date.now() < deadline) {
    const { status } = await service.getRun(runId);
    if (isFinalRunStatus(status)) return status;
    await sleep(250);
  }
  return undefined;
}
