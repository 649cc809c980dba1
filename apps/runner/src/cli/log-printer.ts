import { once } from 'node:events';
import type { LogLineRecord, RunRecord } from '@arcflow/db';
import pc from 'picocolors';

/** Lines read per query: a log is printed page by page, never held whole. */
export const LOG_PAGE_LINES = 5000;

/** Prints log lines with the step's name (every step) or a header per attempt (one step). */
export class LogPrinter {
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
