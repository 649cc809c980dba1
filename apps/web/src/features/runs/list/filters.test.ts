import { describe, expect, it } from 'vitest';
import { describeFilters, filtersQuery, isFiltered, parseFilters } from './filters';

const params = (query: string) => new URLSearchParams(query);

describe('run filters in the URL', () => {
  it('round-trips a workflow and a status', () => {
    const filters = parseFilters(params('workflow=first-arc&status=failed'));
    expect(filters).toEqual({ workflow: 'first-arc', status: 'failed' });
    expect(filtersQuery(filters)).toBe('?workflow=first-arc&status=failed');
  });

  it('ignores what the API would refuse', () => {
    expect(parseFilters(params('workflow=../etc&status=exploded'))).toEqual({
      workflow: undefined,
      status: undefined,
    });
  });

  it('has an empty query without filters', () => {
    expect(filtersQuery({})).toBe('');
  });

  it('says what the filters ask for when nothing matches', () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ status: 'failed' })).toBe(true);
    expect(describeFilters({ workflow: 'first-arc', status: 'failed' })).toBe(
      'There are no failed runs of first-arc yet.',
    );
    expect(describeFilters({ workflow: 'first-arc' })).toBe('There are no runs of first-arc yet.');
  });
});
