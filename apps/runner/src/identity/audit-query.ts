import type { AuditEntryRecord, Store } from '@arcflow/db';
import { UserError } from '../errors.ts';
import { parseTokenLifetime } from './api-token.ts';

/**
 * Reading the audit trail, as `audit.list` and `arcflow audit` both do: newest first,
 * filtered, in pages (`nextBeforeId` is the cursor of the next, older page).
 */

export interface AuditQuery {
  since?: Date;
  until?: Date;
  /** A username: entries of that signed-in user (or their tokens). */
  actor?: string;
  /** `run.` for every run action; `run.start` for that action. */
  action?: string;
  targetType?: string;
  targetId?: string;
  beforeId?: bigint;
  limit: number;
}

export interface AuditPage {
  entries: AuditEntryRecord[];
  nextBeforeId: bigint | null;
}

export const MAX_AUDIT_PAGE = 500;

export async function queryAudit(store: Store, query: AuditQuery): Promise<AuditPage> {
  let actorUserId: string | undefined;
  if (query.actor !== undefined) {
    const user = await store.users.getByUsername(query.actor);
    if (!user) return { entries: [], nextBeforeId: null };
    actorUserId = user.id;
  }
  const limit = Math.min(Math.max(1, query.limit), MAX_AUDIT_PAGE);
  // One more than asked: whether an older page exists, without a second query.
  const rows = await store.audit.list({
    ...(query.since && { since: query.since }),
    ...(query.until && { until: query.until }),
    ...(actorUserId !== undefined && { actorUserId }),
    ...(query.action && { actionPrefix: query.action }),
    ...(query.targetType !== undefined && { targetType: query.targetType }),
    ...(query.targetId !== undefined && { targetId: query.targetId }),
    ...(query.beforeId !== undefined && { beforeId: query.beforeId }),
    limit: limit + 1,
  });
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  return { entries, nextBeforeId: rows.length > limit && last ? last.id : null };
}

/** An entry as the API and `arcflow audit --json` show it. */
export function auditEntryJson(entry: AuditEntryRecord) {
  return {
    id: String(entry.id),
    at: entry.at.toISOString(),
    actorKind: entry.actorKind,
    actorName: entry.actorName,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details,
    ip: entry.ip,
    userAgent: entry.userAgent,
    client: entry.client,
  };
}

/**
 * A point in time as people give it: an age (`90m`, `1h`, `7d`, `2w` ago) or a date
 * (`2026-12-01`, `2026-12-01T14:00:00Z`). `flag` names it in the error.
 */
export function parseAuditTime(text: string, flag: string, now: Date = new Date()): Date {
  const age = parseTokenLifetime(text);
  if (age !== undefined) return new Date(now.getTime() - age);
  const trimmed = text.trim();
  const at = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? new Date(trimmed) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw new UserError(
      `${flag} "${text}" is neither an age (like 1h, 7d, 2w) nor a date (like 2026-12-01 or 2026-12-01T14:00:00Z)`,
    );
  }
  return at;
}
