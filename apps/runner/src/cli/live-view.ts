import type { RunEvent, RunState } from '@arcflow/engine';
import pc from 'picocolors';
import type { LogLine } from '../worker/log-buffer.ts';
import { formatDuration, STORY_MARK } from './output.ts';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Step events after which the step no longer runs (until it starts again). */
const ENDS_RUNNING = new Set<RunEvent['type']>([
  'step.succeeded',
  'step.failed',
  'step.retrying',
  'step.skipped',
  'step.canceled',
  'step.waiting',
]);
const isFinalRunEvent = (event: RunEvent) =>
  event.type === 'run.succeeded' || event.type === 'run.failed' || event.type === 'run.canceled';

/**
 * The terminal view of a run as it happens: one line per moment of the story (beats,
 * tension points, the ending) and, on a terminal, a status line at the bottom showing
 * the steps running now with their elapsed time and latest output.
 */
export class LiveView {
  /** The steps running now and since when, from the events: reading a state's `steps` every
   * frame would build a record of every step of the run ten times a second. */
  private readonly running = new Map<string, Date>();
  private readonly lastLog = new Map<string, string>();
  private readonly timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private statusShown = false;
  private stepWidth = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly interactive = Boolean(stream.isTTY),
  ) {
    if (this.interactive) {
      this.timer = setInterval(() => this.renderStatus(), 100);
      this.timer.unref();
    }
  }

  header(text: string): void {
    this.print(text);
  }

  onEvent = (event: RunEvent, state: RunState): void => {
    this.track(event);
    this.stepWidth ||= Math.max(0, ...Object.keys(state.steps).map((id) => id.length));
    if (event.type === 'step.started' && this.interactive) return;
    const mark = STORY_MARK[event.story.kind];
    if (!event.stepId) {
      this.print(
        `${mark} ${event.type === 'run.started' ? pc.italic(event.story.text) : event.story.text}`,
      );
      return;
    }
    const step = pc.bold(event.stepId.padEnd(this.stepWidth));
    if (event.type === 'step.started') {
      const attempt = event.attempt && event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
      this.print(`${mark} ${step}  ${pc.dim(`begins${attempt}`)}`);
      return;
    }
    const elapsed =
      event.type === 'step.succeeded' && typeof event.data?.durationMs === 'number'
        ? pc.dim(` · ${formatDuration(event.data.durationMs)}`)
        : '';
    this.print(`${mark} ${step}  ${event.story.text}${elapsed}`);
  };

  private track(event: RunEvent): void {
    if (!event.stepId) {
      if (isFinalRunEvent(event)) this.running.clear();
      return;
    }
    if (event.type === 'step.started') this.running.set(event.stepId, event.at);
    else if (ENDS_RUNNING.has(event.type)) this.running.delete(event.stepId);
  }

  onLog = (line: LogLine): void => {
    const text = line.text.trim();
    if (text) this.lastLog.set(line.stepId, text);
  };

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.clearStatus();
  }

  private print(line: string): void {
    this.clearStatus();
    this.stream.write(`${line}\n`);
    this.renderStatus();
  }

  private clearStatus(): void {
    if (this.statusShown) {
      this.stream.write('\r\x1b[2K');
      this.statusShown = false;
    }
  }

  private renderStatus(): void {
    if (!this.interactive) return;
    const now = Date.now();
    const running = [...this.running];
    if (running.length === 0) {
      this.clearStatus();
      return;
    }
    this.frame = (this.frame + 1) % SPINNER.length;
    const parts = running.map(
      ([id, startedAt]) => `${id} ${pc.dim(formatDuration(now - startedAt.getTime()))}`,
    );
    const latest = running.map(([id]) => this.lastLog.get(id)).find(Boolean);
    const width = this.stream.columns ?? 100;
    let line = `${pc.cyan(SPINNER[this.frame] ?? '')} ${parts.join(pc.dim(' · '))}`;
    if (latest) line += pc.dim(`  ${latest}`);
    this.stream.write(`\r\x1b[2K${truncateVisible(line, width - 1)}`);
    this.statusShown = true;
  }
}

/** Cuts a string with ANSI colours to a visible width without breaking escape codes. */
function truncateVisible(text: string, width: number): string {
  let visible = 0;
  let result = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\x1b') {
      const end = text.indexOf('m', i);
      if (end !== -1) {
        result += text.slice(i, end + 1);
        i = end;
        continue;
      }
    }
    if (visible >= width) break;
    result += text[i];
    visible++;
  }
  return `${result}\x1b[0m`;
}
