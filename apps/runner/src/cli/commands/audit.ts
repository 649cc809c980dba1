import type { AuditEntryRecord } from '@arcflow/db';
import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { auditEntryJson, parseAuditTime, queryAudit } from '../../identity/audit-query.ts';
import { withSession } from '../../session/session.ts';
import { out } from '../output.ts';

export interface AuditOptions {
  workspace?: string;
  json?: boolean;
  since?: string;
  until?: string;
  user?: string;
  action?: string;
  limit?: number;
}

/**
 * `arcflow audit`: the audit trail, newest first, one line per entry; with `--json` one JSON
 * object per line (JSON Lines), in the shape of the API's `audit.list` entries.
 */
export async function auditCommand(options: AuditOptions): Promise<number> {
  const now = new Date();
  const since =
    options.since === undefined ? undefined : parseAuditTime(options.since, '--since', now);
  const until =
    options.until === undefined ? undefined : parseAuditTime(options.until, '--until', now);
  return withSession(options.workspace, 'audit', async (session) => {
    if (options.user !== undefined && !(await session.store.users.getByUsername(options.user))) {
      throw new UserError(
        `no user named ${options.user}; --user takes the username of someone who signs in`,
      );
    }
    const { entries } = await queryAudit(session.store, {
      ...(since && { since }),
      ...(until && { until }),
      ...(options.user !== undefined && { actor: options.user }),
      ...(options.action !== undefined && { action: options.action }),
      limit: options.limit ?? 50,
    });
    if (options.json) {
      for (const entry of entries) out(JSON.stringify(auditEntryJson(entry)));
      return 0;
    }
    if (entries.length === 0) {
      out('No audit entries match.');
      return 0;
    }
    for (const entry of entries) out(auditLine(entry));
    return 0;
  });
}

/** `2026-12-02 14:02:11Z  alice  step.approve  run r1a2b3c4d/review  web 10.0.0.7  comment="LGTM"` */
export function auditLine(entry: AuditEntryRecord): string {
  const time = entry.at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  const who =
    entry.actorKind === 'user' ? entry.actorName : `${entry.actorName} (${entry.actorKind})`;
  const target = entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}`.trim() : '';
  const from = [entry.client, entry.ip].filter(Boolean).join(' ');
  const details = shortDetails(entry.details);
  return [
    pc.dim(time),
    pc.bold(who),
    entry.action,
    ...(target ? [target] : []),
    ...(from ? [pc.dim(from)] : []),
    ...(details ? [details] : []),
  ].join('  ');
}

/** `key=value` pairs, each value cut short: the line stays readable, `--json` has it all. */
function shortDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => {
      const text = JSON.stringify(value) ?? String(value);
      return `${key}=${text.length > 60 ? `${text.slice(0, 57)}…` : text}`;
    })
    .join(' ');
}
