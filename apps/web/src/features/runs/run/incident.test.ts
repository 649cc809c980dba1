import { describe, expect, it } from 'vitest';
import type { RunDetail } from '@/lib/api-types';
import { incidentText } from './incident';

type Input = Pick<RunDetail, 'trigger' | 'events'>;

describe('incidentText', () => {
  it('prefers the stored event', () => {
    const run = {
      trigger: { text: 'Ada pushed 3 commits to main' },
      events: [],
    } as unknown as Input;
    expect(incidentText(run)).toBe('Ada pushed 3 commits to main');
  });

  it('falls back on the story’s first incident', () => {
    const run = {
      trigger: null,
      events: [
        { seq: 1, data: { incident: { kind: 'manual', text: 'Grace started the run by hand' } } },
      ],
    } as unknown as Input;
    expect(incidentText(run)).toBe('Grace started the run by hand');
  });

  it('is null for a run without either', () => {
    expect(incidentText({ trigger: null, events: [] } as unknown as Input)).toBeNull();
  });
});
