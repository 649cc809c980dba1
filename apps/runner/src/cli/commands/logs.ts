import { once } from 'node:events';
import type { LogLineRecord, RunRecord, Store } from '@arcflow/db';
import pc from 'picocolors';
import { StepNotFoundError } from '../../service/errors.ts';
import { out } from '../output.ts';
import { withRunService } from '../with-run-service.ts';

/** Lines read per query: the log is printed page by page, never held whole. */
const PAGE = 5000;

/**
 * `arcflow logs <runId> [stepId]`: stored output, in the order it was written. `--tail N`
 * prints only the last N lines of each attempt shown.
 */
export async function logsCommand(
  runId: string,
  stepId: string | undefined,
  options: { workspace?: string; attempt?: number; tail?: number },
): Promise<number> {
  return withRunService(options.workspace, 'logs', async (service, session) => {
    const run = await service.getRun(runId);
    if (stepId && !run.steps.some((s) => s.stepId === stepId)) {
      throw new StepNotFoundError(run, stepId);
    }
    const printer = new LogPrinter(run, stepId);
    if (options.tail !== undefined) {
      await printTails(session.store, run, stepId, options.attempt, options.tail, printer);
    } else {
      let afterId: bigint | undefined;
      for (;;) {
        const lines = await session.store.logs.list(run.id, {
          stepId,
          attempt: options.attempt,
          afterId,
          limit: PAGE,
        });
        await printer.print(lines);
        if (lines.length < PAGE) break;
        afterId = (lines.at(-1) as LogLineRecord).id;
      }
    }
    if (printer.printed === 0)
      out(pc.dim(`no output recorded for ${stepId ? `step ${stepId} of ` : ''}run ${run.id}`));
    return 0;
  });
}

/** The last `tail` lines of each attempt of the step (or of every step), step by step. */
async function printTails(
  store: Store,
  run: RunRecord,
  stepId: string | undefined,
  attempt: number | undefined,
  tail: number,
  printer: LogPrinter,
): Promise<void> {
  for (const step of run.steps) {
    if (stepId && step.stepId !== stepId) continue;
    const attempts = attempt ? [attempt] : step.attempts.map((a) => a.number);
    for (const number of attempts) {
      const size = await store.logs.size(run.id, step.stepId, number);
      let fromLine = Math.max(0, size.lines - tail);
      while (fromLine < size.lines) {
        const lines = await store.logs.page(run.id, step.stepId, number, {
          fromLine,
          limit: Math.min(PAGE, size.lines - fromLine),
        });
        if (lines.length === 0) break;
        await printer.print(lines);
        fromLine = (lines.at(-1) as LogLineRecord).line + 1;
      }
    }
  }
}

/** Prints lines with the step's name (every step) or a header per attempt (one step). */
class LogPrinter {
  printed = 0;
  private lastHeader = '';
  private readonly width: number;

  constructor(
    run: RunRecord,
    private readonly stepId: string | undefined,
  ) {
    this.width = stepId ? 0 : Math.max(...run.steps.map((s) => s.stepId.length));
  }

  /** Writes a page, waiting while stdout is full (so a big log is never buffered whole). */
  async print(lines: readonly LogLineRecord[]): Promise<void> {
    let text = '';
    for (const line of lines) text += `${this.format(line)}\n`;
    if (text !== '' && !process.stdout.write(text)) await once(process.stdout, 'drain');
  }

  private format(line: LogLineRecord): string {
    let header = '';
    const attempt = `${line.stepId}#${line.attempt}`;
    if (this.stepId && attempt !== this.lastHeader) {
      header = `${pc.dim(`── ${line.stepId} · attempt ${line.attempt} ──`)}\n`;
      this.lastHeader = attempt;
    }
    const prefix = this.stepId ? '' : `${pc.dim(`${line.stepId.padEnd(this.width)} │`)} `;
    const text =
      line.stream === 'stderr'
        ? pc.red(line.text)
        : line.stream === 'system'
          ? pc.dim(line.text)
          : line.text;
    this.printed++;
    return `${header}${prefix}${text}`;
  }
}
