import type { RunStatus, StepStatus, StoryKind, Universe } from '@arcflow/engine';
import pc from 'picocolors';

export const out = (line = '') => process.stdout.write(`${line}\n`);
export const err = (line = '') => process.stderr.write(`${line}\n`);
export const printJson = (value: unknown) => out(JSON.stringify(value, null, 2));

export const STATUS_ICON: Record<StepStatus | RunStatus, string> = {
  queued: pc.dim('○'),
  pending: pc.dim('○'),
  running: pc.cyan('◐'),
  waiting: pc.yellow('⏸'),
  succeeded: pc.green('✓'),
  failed: pc.red('✗'),
  skipped: pc.dim('↷'),
  canceled: pc.yellow('⊘'),
};

export function colorStatus(status: StepStatus | RunStatus): string {
  switch (status) {
    case 'succeeded':
      return pc.green(status);
    case 'failed':
      return pc.red(status);
    case 'running':
      return pc.cyan(status);
    case 'waiting':
    case 'canceled':
      return pc.yellow(status);
    default:
      return pc.dim(status);
  }
}

export const UNIVERSE_COLOR: Record<Universe, (text: string) => string> = {
  engineer: pc.blue,
  ceremony: pc.magenta,
  story: pc.yellow,
};

export const STORY_MARK: Record<StoryKind, string> = {
  exposition: pc.bold('◆'),
  rising: pc.dim('↗'),
  beat: pc.green('●'),
  tension: pc.red('▲'),
  fallout: pc.dim('↷'),
  climax: pc.red('■'),
  return: pc.cyan('↺'),
  resolution: pc.green('★'),
  denouement: pc.green('★'),
  suspense: pc.yellow('⏸'),
  verdict: pc.magenta('⚖'),
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.floor(seconds % 60);
  if (minutes < 60) return `${minutes}m ${String(rest).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function durationBetween(
  start: Date | null | undefined,
  end: Date | null | undefined,
): string {
  if (!start) return '';
  return formatDuration((end ?? new Date()).getTime() - start.getTime());
}
