import pc from 'picocolors';
import { localActor } from '../../identity/actor.ts';
import { out } from '../output.ts';
import { withRunService } from '../with-run-service.ts';

/** `arcflow delete <runId>`: deletes an ended run with its events, logs and artifacts. */
export async function deleteRunCommand(
  runId: string,
  options: { workspace?: string },
): Promise<number> {
  return withRunService(options.workspace, 'delete', async (service) => {
    const deleted = await service.deleteRun(runId, localActor({ client: 'cli-local' }));
    const files = deleted.artifacts === 1 ? '1 artifact' : `${deleted.artifacts} artifacts`;
    out(`run ${pc.bold(deleted.runId)} deleted, with its events, logs and ${files}`);
    return 0;
  });
}
