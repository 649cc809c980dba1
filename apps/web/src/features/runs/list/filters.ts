import type { RunStatus } from '@/lib/api-types';
import { STATUS_LABEL } from '@/lib/statuses';

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

/** Whether any filter is set. */
export function isFiltered(filters: RunFilters): boolean {
  return Boolean(filters.workflow || filters.status);
}

/** What the filters ask for, said when no run matches them. */
export function describeFilters(filters: RunFilters): string {
  const status = filters.status ? `${STATUS_LABEL[filters.status].toLowerCase()} ` : '';
  const workflow = filters.workflow ? ` of ${filters.workflow}` : '';
  return `There are no ${status}runs${workflow} yet.`;
}
