import type { RunStatus } from '@/lib/api-types';

/** The statuses a run can be filtered by, in the order the chips show them. */
export const STATUS_FILTERS: readonly RunStatus[] = [
  'running',
  'waiting',
  'failed',
  'succeeded',
  'canceled',
  'queued',
];

const NAME = /^[a-z0-9][a-z0-9_-]{0,99}$/;

export interface RunFilters {
  workflow?: string;
  status?: RunStatus;
}

/** The filters in `?workflow=&status=`; anything the API would refuse is ignored. */
export function parseFilters(params: { get(name: string): string | null }): RunFilters {
  const workflow = params.get('workflow') ?? '';
  const status = params.get('status') ?? '';
  return {
    workflow: NAME.test(workflow) ? workflow : undefined,
    status: (STATUS_FILTERS as readonly string[]).includes(status)
      ? (status as RunStatus)
      : undefined,
  };
}

/** The query string for these filters ('' when there are none). */
export function filtersQuery(filters: RunFilters): string {
  const params = new URLSearchParams();
  if (filters.workflow) params.set('workflow', filters.workflow);
  if (filters.status) params.set('status', filters.status);
  const query = params.toString();
  return query ? `?${query}` : '';
}
