import { describe, expect, it } from 'vitest';
import { incidentFacts, queueLabel, type RunTrigger, triggerLabel } from './trigger';

const base = {
  text: '',
  source: null,
  ref: null,
  branch: null,
  tag: null,
  sha: null,
  author: null,
  deliveryId: null,
  pr: null,
  schedule: null,
};
const t = (fields: Partial<NonNullable<RunTrigger>>): RunTrigger =>
  ({ ...base, kind: 'push', ...fields }) as RunTrigger;

describe('queueLabel', () => {
  it('says where a queued run stands', () => {
    expect(queueLabel(1)).toBe('next in line');
    expect(queueLabel(2)).toBe('#2 in line');
    expect(queueLabel(null)).toBeNull();
  });
});

describe('triggerLabel', () => {
  it('names the push, its branch and who pushed', () => {
    expect(
      triggerLabel(
        t({ branch: 'main', author: 'Ada', text: 'Ada pushed 3 commits to main' }),
        'webhook',
      ),
    ).toEqual({
      label: 'push to main by Ada',
      title: 'Ada pushed 3 commits to main',
    });
  });

  it('names schedules, webhooks, pull requests and tags', () => {
    expect(
      triggerLabel(
        t({ kind: 'schedule', schedule: { cron: '0 3 * * 1-5', timezone: null, time: 'x' } }),
        null,
      ).label,
    ).toBe('schedule 0 3 * * 1-5');
    expect(triggerLabel(t({ kind: 'webhook', source: 'grafana' }), null).label).toBe(
      'webhook from grafana',
    );
    expect(
      triggerLabel(
        t({ kind: 'pull_request', author: 'Lin', pr: { number: 42, title: 'Fix', base: 'main' } }),
        null,
      ).label,
    ).toBe('PR #42 into main by Lin');
    expect(triggerLabel(t({ kind: 'tag', tag: 'v1.2.0' }), null).label).toBe('tag v1.2.0');
    expect(triggerLabel(t({ kind: 'manual', author: 'Grace' }), null).label).toBe(
      'by hand by Grace',
    );
  });

  it('a run without an event was started by hand, through the web or the terminal', () => {
    expect(triggerLabel(null, 'api')).toEqual({
      label: 'by hand',
      title: 'Started by hand, web / API',
    });
    expect(triggerLabel(null, 'cli').title).toBe('Started by hand, terminal');
  });
});

describe('incidentFacts', () => {
  it('shows a schedule’s fire time in UTC', () => {
    const schedule = {
      cron: '0 3 * * *',
      timezone: 'Europe/Paris',
      time: '2026-12-02T02:00:00.000Z',
    };
    expect(incidentFacts(t({ kind: 'schedule', schedule })!)).toEqual(['2026-12-02 02:00 UTC']);
  });

  it('shows the branch and the short sha', () => {
    expect(
      incidentFacts(t({ branch: 'main', sha: '0123456789abcdef', source: 'github' })!),
    ).toEqual(['main', '0123456', 'via github']);
  });
});
