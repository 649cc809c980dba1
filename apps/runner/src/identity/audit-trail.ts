import type { NewAuditEntry } from '@arcflow/db';
import type { Actor } from './actor.ts';

/** What an audit entry is about: `{ type: 'run', id: 'r…' }`, `{ type: 'user', id }`, … */
export interface AuditTarget {
  type: string;
  id: string;
}

/**
 * The audit entry for `actor` doing `action` (`run.start`, `step.approve`, `secret.set`, …).
 * `details` must never hold a secret value.
 */
export function auditEntry(
  actor: Actor,
  action: string,
  target?: AuditTarget,
  details: Record<string, unknown> = {},
): NewAuditEntry {
  return {
    actorKind: actor.kind,
    actorUserId: actor.kind === 'local' ? null : actor.userId,
    actorName: actor.kind === 'local' ? actor.name : actor.username,
    tokenId: actor.kind === 'token' ? actor.tokenId : null,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    details,
    ip: actor.from?.ip ?? null,
    userAgent: actor.from?.userAgent ?? null,
    client: actor.from?.client ?? null,
  };
}
