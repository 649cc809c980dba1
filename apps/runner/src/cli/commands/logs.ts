import pc from 'picocolors';
import { StepNotFoundError } from '../../service/errors.ts';
import { out } from '../output.ts';
import { withRunService } from '../with-run-service.ts';

/** `arcflow logs <runId> [stepId]`: stored output, in the order it was written. */
export async function logsCommand(
  runId: string,
  stepId: string | undefined,
  options: { workspace?: string; attempt?: number },
): Promise<number> {
  return withRunService(options.workspace, 'logs', async (service, session) => {
    const run = await service.getRun(runId);
    if (stepId && !run.steps.some((s) => s.stepId === stepId)) {
      throw new StepNotFoundError(run, stepId);
    }
    const width = stepId ? 0 : Math.max(...run.steps.map((s) => s.stepId.length));
    let afterId: bigint | undefined;
    let printed = 0;
    let lastHeader = '';
    for (;;) {
      const chunks = await session.store.logs.list(run.id, {
        stepId,
        attempt: options.attempt,
        afterId,
        limit: 5000,
      });
      for (const chunk of chunks) {
        const header = `${chunk.stepId}#${chunk.attempt}`;
        if (stepId && header !== lastHeader) {
          out(pc.dim(`── ${chunk.stepId} · attempt ${chunk.attempt} ──`));
          lastHeader = header;
        }
        const prefix = stepId ? '' : `${pc.dim(`${chunk.stepId.padEnd(width)} │`)} `;
        const text =
          chunk.stream === 'stderr'
            ? pc.red(chunk.text)
            : chunk.stream === 'system'
              ? pc.dim(chunk.text)
              : chunk.text;
        out(`${prefix}${text}`);
        printed++;
      }
      if (chunks.length < 5000) break;
      afterId = BigInt(chunks[chunks.length - 1]!.id);
    }
    if (printed === 0)
      out(pc.dim(`no output recorded for ${stepId ? `step ${stepId} of ` : ''}run ${run.id}`));
    return 0;
  });
}
