import type { RunStatus } from '@arcflow/engine';
import pc from 'picocolors';
import { withSession } from '../../session/session.ts';
import { colorStatus, durationBetween, out, printJson, STATUS_ICON } from '../output.ts';

interface RunsOptions {
  workspace?: string;
  json?: boolean;
  workflow?: string;
  status?: RunStatus;
  limit?: number;
}

/** `arcflow runs`: runs newest first. */
export async function runsCommand(options: RunsOptions): Promise<number> {
  return withSession(options.workspace, 'runs', async (session) => {
    const runs = await session.store.runs.list({
      workflowName: options.workflow,
      status: options.status,
      limit: options.limit ?? 20,
    });
    if (options.json) {
      printJson(runs);
      return 0;
    }
    if (runs.length === 0) {
      out('No runs yet. Start one with `arcflow run <workflow>`.');
      return 0;
    }
    const width = Math.max(...runs.map((r) => r.workflowName.length));
    const positions = await session.store.leases.queuePositions(
      runs.filter((r) => r.status === 'queued').map((r) => r.id),
    );
    for (const run of runs) {
      const duration = durationBetween(run.startedAt, run.finishedAt);
      out(
        `${STATUS_ICON[run.status]} ${pc.bold(run.id)}  ${run.workflowName.padEnd(width)}  ${colorStatus(run.status).padEnd(18)} ${pc.dim(run.createdAt.toLocaleString())}${duration ? pc.dim(` · ${duration}`) : ''}`,
      );
      const position = positions.get(run.id);
      if (position !== undefined || run.queuedReason) {
        const place = position === undefined ? [] : [`#${position} in line`];
        out(
          pc.dim(`    ${[...place, ...(run.queuedReason ? [run.queuedReason] : [])].join(' · ')}`),
        );
      }
    }
    return 0;
  });
}
