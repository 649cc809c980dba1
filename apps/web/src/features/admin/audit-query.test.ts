import { describe, expect, it } from 'vitest';
import { auditQuery, NO_FILTERS, originText, targetHref, targetLabel } from './audit-query';

describe('auditQuery', () => {
  it('asks for the newest page with no filters', () => {
    expect(auditQuery(NO_FILTERS)).toEqual({ limit: 50 });
  });

  it('turns the filters into the API query: since local midnight, user, action prefix', () => {
    expect(auditQuery({ since: '2026-12-01', user: ' alice ', action: 'run.' })).toEqual({
      limit: 50,
      since: new Date(2026, 11, 1).toISOString(),
      actor: 'alice',
      action: 'run.',
    });
  });

  it('continues after the last entry shown for "load more"', () => {
    expect(auditQuery({ ...NO_FILTERS, action: 'step.' }, '1234')).toEqual({
      limit: 50,
      action: 'step.',
      beforeId: '1234',
    });
  });

  it('ignores a day it cannot read', () => {
    expect(auditQuery({ ...NO_FILTERS, since: 'yesterday' })).toEqual({ limit: 50 });
  });
});

describe('targetLabel', () => {
  it('names a user by their username, not their id', () => {
    const entry = { targetType: 'user', targetId: 'u_9f2', details: { username: 'alice' } };
    expect(targetLabel(entry)).toBe('alice');
    expect(targetLabel({ ...entry, details: {} })).toBe('u_9f2');
    expect(targetLabel({ targetType: 'run', targetId: 'r_1', details: { username: 'x' } })).toBe(
      'r_1',
    );
  });
});

describe('targetHref', () => {
  it('links runs and workflows, and a step decision to its run', () => {
    expect(targetHref({ targetType: 'run', targetId: 'r_1', details: {} })).toBe('/runs/r_1');
    expect(targetHref({ targetType: 'workflow', targetId: 'deploy', details: {} })).toBe(
      '/workflows/deploy',
    );
    expect(targetHref({ targetType: 'step', targetId: 'review', details: { runId: 'r_2' } })).toBe(
      '/runs/r_2',
    );
  });

  it('does not link users, tokens or secrets', () => {
    expect(targetHref({ targetType: 'user', targetId: 'u_1', details: {} })).toBeNull();
    expect(targetHref({ targetType: null, targetId: null, details: {} })).toBeNull();
  });
});

describe('originText', () => {
  it('says which client and address a request came from', () => {
    expect(originText({ client: 'web', ip: '10.0.0.7' })).toBe('web · 10.0.0.7');
    expect(originText({ client: 'cli-local', ip: null })).toBe('cli-local');
    expect(originText({ client: null, ip: null })).toBe('—');
  });
});
