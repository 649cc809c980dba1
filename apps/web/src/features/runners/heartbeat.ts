import { toDate } from '@/lib/format';

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago": how long since a runner last reported. */
export function sinceLabel(value: Date | string | null | undefined, now: number): string {
  const date = toDate(value);
  if (!date) return '—';
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * The browser's "now" moved onto the runner's clock: the runner said `serverNow` when the
 * page fetched at `fetchedAt` (browser time), so heartbeats read right even when the two
 * clocks disagree.
 */
export function runnerNow(serverNow: string, fetchedAt: number, browserNow: number): number {
  const server = Date.parse(serverNow);
  return Number.isNaN(server) ? browserNow : server + (browserNow - fetchedAt);
}
