import { describe, expect, it } from 'vitest';
import { runnerNow, sinceLabel } from './heartbeat';

const now = Date.parse('2026-12-02T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('sinceLabel', () => {
  it('counts seconds, then minutes, hours and days', () => {
    expect(sinceLabel(ago(0), now)).toBe('just now');
    expect(sinceLabel(ago(12_000), now)).toBe('12 s ago');
    expect(sinceLabel(ago(3 * 60_000 + 5_000), now)).toBe('3 min ago');
    expect(sinceLabel(ago(2 * 3_600_000), now)).toBe('2 h ago');
    expect(sinceLabel(ago(4 * 86_400_000), now)).toBe('4 d ago');
    expect(sinceLabel(null, now)).toBe('—');
  });

  it('never says a heartbeat is in the future', () => {
    expect(sinceLabel(new Date(now + 5_000).toISOString(), now)).toBe('just now');
  });
});

describe('runnerNow', () => {
  it('follows the runner’s clock from when the page fetched', () => {
    expect(runnerNow('2026-12-02T12:00:00.000Z', 1_000, 4_000)).toBe(now + 3_000);
    expect(runnerNow('not a date', 1_000, 4_000)).toBe(4_000);
  });
});
