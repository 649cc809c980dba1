import pc from 'picocolors';
import { STALE_AFTER_MS } from '../../pools/presence.ts';
import { withSession } from '../../session/session.ts';
import { out, printJson } from '../output.ts';

interface RunnersOptions {
  workspace?: string;
  json?: boolean;
}

/** `arcflow runners`: the runner processes serving this database, with their labels. */
export async function runnersCommand(options: RunnersOptions): Promise<number> {
  return withSession(options.workspace, 'runners', async (session) => {
    const runners = await session.store.runners.list(STALE_AFTER_MS);
    if (options.json) {
      printJson(runners);
      return 0;
    }
    if (runners.length === 0) {
      out('No runners are serving. Start one with `arcflow serve` (add --labels to take runs_on).');
      return 0;
    }
    const width = Math.max(...runners.map((r) => r.id.length));
    for (const runner of runners) {
      const labels = runner.labels.length > 0 ? runner.labels.join(', ') : pc.dim('(no labels)');
      const state = runner.stale
        ? pc.yellow(`silent since ${runner.lastHeartbeatAt.toLocaleTimeString()}`)
        : pc.green('live');
      out(
        `${pc.bold(runner.id.padEnd(width))}  ${state}  ${labels}  ${pc.dim(`${runner.currentRuns} running · v${runner.version} · pid ${runner.pid} on ${runner.host}`)}`,
      );
    }
    return 0;
  });
}
