import pc from 'picocolors';
import { RevisionService } from '../../service/revision-service.ts';
import { withSession } from '../../session/session.ts';
import { out, printJson } from '../output.ts';

/** `arcflow history <workflow>`: the workflow's revisions, newest first, with their runs. */
export async function historyCommand(
  workflow: string,
  options: { workspace?: string; json?: boolean; limit?: number },
): Promise<number> {
  return withSession(options.workspace, 'history', async (session) => {
    const revisions = new RevisionService(session);
    const { name } = await revisions.workflow(workflow);
    const list = await revisions.list(name, options.limit);
    if (options.json) {
      printJson(
        list.map((r) => ({
          id: r.id,
          shortId: r.shortId,
          hash: r.hash,
          createdAt: r.createdAt,
          createdBy: r.createdBy,
          message: r.message,
          runs: r.runCount,
        })),
      );
      return 0;
    }
    if (list.length === 0) {
      out(`${name} has no revisions yet: one is recorded when it is run, saved or customised.`);
      return 0;
    }
    const who = Math.max(...list.map((r) => r.createdBy.length));
    for (const r of list) {
      const runs = `${r.runCount} run${r.runCount === 1 ? '' : 's'}`;
      out(
        `${pc.bold(r.shortId)}  ${pc.dim(r.createdAt.toLocaleString())}  ${r.createdBy.padEnd(who)}  ${runs.padEnd(8)}${r.message ? `  ${r.message}` : ''}`,
      );
    }
    return 0;
  });
}
