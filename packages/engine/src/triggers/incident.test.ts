import { describe, expect, it } from 'vitest';
import type { TriggerEvent } from './event.ts';
import { incitingIncidentText } from './incident.ts';

const commit = (sha: string) => ({ sha, message: `commit ${sha}` });

describe('incitingIncidentText', () => {
  it.each<[TriggerEvent, string]>([
    [
      {
        kind: 'push',
        author: 'Ada',
        branch: 'main',
        commits: [commit('a'), commit('b'), commit('c')],
      },
      'Ada pushed 3 commits to main',
    ],
    [
      { kind: 'push', author: 'Ada', branch: 'main', commits: [commit('a')] },
      'Ada pushed 1 commit to main',
    ],
    [{ kind: 'push', branch: 'main' }, 'Someone pushed to main'],
    [
      {
        kind: 'pull_request',
        author: 'Ada',
        pr: { number: 42, title: 'Fix the parser', base: 'main', head: 'fix', action: 'opened' },
      },
      'Ada opened pull request #42 "Fix the parser" into main',
    ],
    [
      {
        kind: 'pull_request',
        author: 'Ada',
        pr: { number: 7, title: 'Docs', base: 'main', head: 'docs', action: 'synchronize' },
      },
      'Ada updated pull request #7 "Docs" into main',
    ],
    [
      {
        kind: 'schedule',
        schedule: { cron: '0 3 * * 1-5', timezone: 'Europe/Paris', time: '2026-03-30T01:00:00Z' },
      },
      'The nightly schedule fired (0 3 * * 1-5, Europe/Paris)',
    ],
    [
      { kind: 'schedule', schedule: { cron: '0 12 * * *', time: '2026-03-30T12:00:00Z' } },
      'The daily schedule fired (0 12 * * *, UTC)',
    ],
    [
      { kind: 'schedule', schedule: { cron: '*/10 * * * * *', time: '2026-03-30T12:00:00Z' } },
      'The schedule fired (*/10 * * * * *, UTC)',
    ],
    [{ kind: 'manual', author: 'Grace' }, 'Grace started the run by hand'],
    [{ kind: 'manual' }, 'The run was started by hand'],
    [
      { kind: 'webhook', source: 'grafana', deliveryId: 'abc123' },
      'A webhook from grafana arrived (delivery abc123)',
    ],
    [{ kind: 'tag', author: 'Ada', tag: 'v1.2.0' }, 'Ada pushed the tag v1.2.0'],
    [{ kind: 'release', author: 'Ada', tag: 'v1.2.0' }, 'Ada published the release v1.2.0'],
  ])('%j', (event, text) => {
    expect(incitingIncidentText(event)).toBe(text);
  });
});
