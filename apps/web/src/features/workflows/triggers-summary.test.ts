import { describe, expect, it } from 'vitest';
import { fireTimeIn, pullRequestFacts, pushFacts, webhookUrl } from './triggers-summary';

describe('trigger facts', () => {
  it('lists the push filters that are set', () => {
    expect(pushFacts({ branches: ['main', 'release/*'], paths: ['src/**', '!docs/**'] })).toEqual([
      { label: 'branches', value: 'main, release/*' },
      { label: 'paths', value: 'src/**, !docs/**' },
    ]);
    expect(pushFacts({})).toEqual([{ label: 'branches', value: 'any' }]);
  });

  it('gives a pull request its default types', () => {
    expect(pullRequestFacts({ branches: ['main'] })).toEqual([
      { label: 'types', value: 'opened, synchronize, reopened' },
      { label: 'into', value: 'main' },
    ]);
  });
});

describe('fireTimeIn', () => {
  it('reads a fire time in the schedule’s zone and in another', () => {
    const time = '2026-12-07T02:00:00.000Z';
    expect(fireTimeIn(time, 'Europe/Paris')).toBe('Mon 7 Dec, 03:00');
    expect(fireTimeIn(time, 'America/New_York')).toBe('Sun 6 Dec, 21:00');
    expect(fireTimeIn(time, 'UTC')).toBe('Mon 7 Dec, 02:00');
  });
});

describe('webhookUrl', () => {
  it('joins the runner’s address and the hook path', () => {
    expect(webhookUrl('http://127.0.0.1:4100/', '/hooks/deploy')).toBe(
      'http://127.0.0.1:4100/hooks/deploy',
    );
  });
});
