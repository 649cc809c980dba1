import type {
  DeliveryCursor,
  DeliveryPayload,
  DeliveryQuery,
  DeliverySource,
  DeliveryVerdict,
} from './types';

export const SOURCES: readonly { value: DeliverySource; label: string }[] = [
  { value: 'github', label: 'GitHub' },
  { value: 'gitlab', label: 'GitLab' },
  { value: 'generic', label: 'Webhook' },
  { value: 'git-hook', label: 'Git hook' },
  { value: 'schedule', label: 'Schedule' },
];

export const VERDICTS: readonly DeliveryVerdict[] = ['accepted', 'ignored', 'refused'];

export function sourceLabel(source: DeliverySource): string {
  return SOURCES.find((s) => s.value === source)?.label ?? source;
}

/** The status tone (tokens.css) a verdict's badge takes. */
export function verdictTone(verdict: DeliveryVerdict): 'succeeded' | 'skipped' | 'failed' {
  switch (verdict) {
    case 'accepted':
      return 'succeeded';
    case 'ignored':
      return 'skipped';
    case 'refused':
      return 'failed';
    default: {
      const never: never = verdict;
      return never;
    }
  }
}

/** The body as shown: pretty JSON, the text as received, or null when there was none. */
export function payloadText(payload: DeliveryPayload): string | null {
  if (payload === null) return null;
  if (payload.kind === 'text') return payload.text;
  return JSON.stringify(payload.value, null, 2) ?? 'null';
}

/** The list's filters, as the page keeps them ('' = any). */
export interface DeliveryFilters {
  source: DeliverySource | '';
  verdict: DeliveryVerdict | '';
  workflow: string;
}

export const NO_FILTERS: DeliveryFilters = { source: '', verdict: '', workflow: '' };

export const PAGE_SIZE = 30;

/** `deliveries.list`'s input for the filters and the page after `before`. */
export function deliveryQuery(
  filters: DeliveryFilters,
  before: DeliveryCursor | null,
): DeliveryQuery {
  return {
    limit: PAGE_SIZE,
    ...(filters.source ? { source: filters.source } : {}),
    ...(filters.verdict ? { verdict: filters.verdict } : {}),
    ...(filters.workflow ? { workflow: filters.workflow } : {}),
    ...(before ? { before } : {}),
  };
}

export const isFiltered = (filters: DeliveryFilters): boolean =>
  filters.source !== '' || filters.verdict !== '' || filters.workflow !== '';

/** "2 Dec, 10:41:07" (in the viewer's zone). */
export function receivedText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
