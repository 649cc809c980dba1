import { describe, expect, it } from 'vitest';
import {
  deliveryQuery,
  isFiltered,
  NO_FILTERS,
  payloadText,
  sourceLabel,
  verdictTone,
} from './delivery-format';

describe('delivery formatting', () => {
  it('gives each verdict its tone and each source its name', () => {
    expect(verdictTone('accepted')).toBe('succeeded');
    expect(verdictTone('ignored')).toBe('skipped');
    expect(verdictTone('refused')).toBe('failed');
    expect(sourceLabel('git-hook')).toBe('Git hook');
    expect(sourceLabel('generic')).toBe('Webhook');
  });

  it('shows JSON bodies pretty, text as received, and nothing as null', () => {
    expect(payloadText({ kind: 'json', value: { a: [1] } })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(payloadText({ kind: 'text', text: 'a=b' })).toBe('a=b');
    expect(payloadText(null)).toBeNull();
  });

  it('asks only for the filters that are set', () => {
    expect(deliveryQuery(NO_FILTERS, null)).toEqual({ limit: 30 });
    const cursor = { receivedAt: '2026-12-02T10:00:00.000Z', id: 'x' };
    expect(deliveryQuery({ source: 'github', verdict: '', workflow: 'deploy' }, cursor)).toEqual({
      limit: 30,
      source: 'github',
      workflow: 'deploy',
      before: cursor,
    });
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, verdict: 'refused' })).toBe(true);
  });
});
