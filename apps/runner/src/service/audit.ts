import type { Actor } from '../identity/actor.ts';
import { type AuditTarget, auditEntry } from '../identity/audit-trail.ts';
import type { Session } from '../session/session.ts';

/** Appends `actor` doing `action` to the audit trail (never with a secret in `details`). */
export async function audit(
  session: Session,
  actor: Actor,
  action: string,
  target?: AuditTarget,
  details?: Record<string, unknown>,
): Promise<void> {
  await session.store.audit.append(auditEntry(actor, action, target, details));
}

/** The audit target for a run. */
export const runTarget = (runId: string): AuditTarget => ({ type: 'run', id: runId });

/** The audit target for a workflow, by name. */
export const workflowTarget = (name: string): AuditTarget => ({ type: 'workflow', id: name });
