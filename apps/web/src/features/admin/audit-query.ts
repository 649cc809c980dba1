import type { AuditEntryJson, AuditQuery } from '@/lib/api-types';

/** The audit page's filters as the form holds them. */
export interface AuditFilters {
  /** A day, `YYYY-MM-DD` (from `<input type="date">`): entries from its local midnight on. */
  since: string;
  /** A username. */
  user: string;
  /** An action prefix such as `run.`, or an exact action; '' for all. */
  action: string;
}

export const NO_FILTERS: AuditFilters = { since: '', user: '', action: '' };

export const isFiltered = (f: AuditFilters): boolean =>
  Boolean(f.since.trim() || f.user.trim() || f.action.trim());

/** The kinds of action, for the filter's choices (the contract's action names, by prefix). */
export const ACTION_PREFIXES = [
  { prefix: 'auth.', label: 'Sign-ins' },
  { prefix: 'run.', label: 'Runs' },
  { prefix: 'step.', label: 'Approvals' },
  { prefix: 'workflow.', label: 'Workflows' },
  { prefix: 'template.', label: 'Templates' },
  { prefix: 'user.', label: 'Users' },
  { prefix: 'token.', label: 'Tokens' },
  { prefix: 'secret.', label: 'Secrets' },
] as const;

export const AUDIT_PAGE_SIZE = 50;

/** The `audit.list` input for the filters and, for "load more", the cursor. */
export function auditQuery(
  filters: AuditFilters,
  beforeId?: string | null,
  limit = AUDIT_PAGE_SIZE,
): AuditQuery {
  const query: AuditQuery = { limit };
  const since = localMidnight(filters.since);
  if (since) query.since = since;
  const user = filters.user.trim();
  if (user) query.actor = user;
  const action = filters.action.trim();
  if (action) query.action = action;
  if (beforeId) query.beforeId = beforeId;
  return query;
}

function localMidnight(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Where an entry's target lives in the app, when it is a run or a workflow. */
export function targetHref(
  entry: Pick<AuditEntryJson, 'targetType' | 'targetId' | 'details'>,
): string | null {
  const id = entry.targetId;
  switch (entry.targetType) {
    case 'run':
      return id ? `/runs/${encodeURIComponent(id)}` : null;
    case 'workflow':
    case 'template':
      return id ? `/workflows/${encodeURIComponent(id)}` : null;
    case 'step': {
      // A step's decision names its run in the details.
      const runId = entry.details.runId;
      return typeof runId === 'string' ? `/runs/${encodeURIComponent(runId)}` : null;
    }
    default:
      return null;
  }
}

/**
 * How an entry names its target: a user by the username its details carry (the runner's target
 * id is the user's opaque id), anything else by its id.
 */
export function targetLabel(
  entry: Pick<AuditEntryJson, 'targetType' | 'targetId' | 'details'>,
): string | null {
  const username = entry.details.username;
  if (entry.targetType === 'user' && typeof username === 'string') return username;
  return entry.targetId;
}

/** "web · 10.0.0.7", "cli-local", or "—": where a request came from. */
export function originText(entry: Pick<AuditEntryJson, 'client' | 'ip'>): string {
  return [entry.client, entry.ip].filter(Boolean).join(' · ') || '—';
}
