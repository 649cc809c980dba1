import type { LogLineRecord, RunRecord, Store } from '@arcflow/db';
import pc from 'picocolors';
import { StepNotFoundError } from '../../service/errors.ts';
import { LOG_PAGE_LINES, LogPrinter } from '../log-printer.ts';
import { out } from '../output.ts';
import { withRunService } from '../with-run-service.ts';
import { followLogs, printLogsAfter } from './logs-follow.ts';

/**
 * `arcflow logs <runId> [stepId]`: stored output, in the order it was written. `--tail N`
 * prints only the last N lines of each attempt shown; `--follow` then prints new lines as
 * they are written, until the step (or the run) ends, and exits as `arcflow run` would.
 */
export async function logsCommand(
  runId: string,
  stepId: string | undefined,
  options: { workspace?: string; attempt?: number; tail?: number; follow?: boolean },
): Promise<number> {
  return withRunService(options.workspace, 'logs', async (service, session) => {
    const run = await service.getRun(runId);
    if (stepId && !run.steps.some((s) => s.stepId === stepId)) {
      throw new StepNotFoundError(run, stepId);
    }
    const printer = new LogPrinter(run, stepId);
    const filter = { stepId, attempt: options.attempt };
    let printedUpTo: bigint | undefined;
    if (options.tail !== undefined) {
      // Lines written from now on are the follower's: the tails stop at the last one so far.
      if (options.follow) {
        printedUpTo = (await session.store.logs.lastLineId(run.id, filter)) ?? undefined;
      }
      if (!options.follow || printedUpTo !== undefined) {
        await printTails(session.store, run, filter, options.tail, printer, printedUpTo);
      }
    } else {
      printedUpTo = await printLogsAfter(session.store, run.id, filter, undefined, printer);
    }
    const code = options.follow ? await followLogs(session, run, filter, printedUpTo, printer) : 0;
    if (printer.printed === 0)
      out(pc.dim(`no output recorded for ${stepId ? `step ${stepId} of ` : ''}run ${run.id}`));
    return code;
  });
}

/**
 * The last `tail` lines of each attempt of the step (or of every step), step by step, none
 * after the line `upTo` when given.
 */
async function printTails(
  store: Store,
  run: RunRecord,
  filter: { stepId?: string; attempt?: number },
  tail: number,
  printer: LogPrinter,
  upTo: bigint | undefined,
): Promise<void> {
  for (const step of run.steps) {
    if (filter.stepId && step.stepId !== filter.stepId) continue;
    const attempts = filter.attempt ? [filter.attempt] : step.attempts.map((a) => a.number);
    for (const number of attempts) {
      const size = await store.logs.size(run.id, step.stepId, number);
      let fromLine = Math.max(0, size.lines - tail);
      while (fromLine < size.lines) {
        const lines = await store.logs.page(run.id, step.stepId, number, {
          fromLine,
          limit: Math.min(LOG_PAGE_LINES, size.lines - fromLine),
        });
        if (lines.length === 0) break;
        await printer.print(upTo === undefined ? lines : lines.filter((l) => l.id <= upTo));
        fromLine = (lines.at(-1) as LogLineRecord).line + 1;
      }
    }
  }
}
