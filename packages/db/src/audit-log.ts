import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { toAuditEntryRecord } from './mappers.ts';
import { clamp, json } from './query-helpers.ts';
import type { AuditEntryRecord, AuditFilter, NewAuditEntry } from './records.ts';

/**
 * The append-only audit trail: who did what, when, from where. There is deliberately no
 * method to change or remove an entry, and the database refuses UPDATE, DELETE and TRUNCATE
 * on `audit_log` (a trigger; see the `…_teams` migration).
 */
export class AuditLog {
  constructor(private readonly prisma: PrismaClient) {}

  async append(entry: NewAuditEntry): Promise<AuditEntryRecord> {
    const row = await this.prisma.auditEntry.create({
      data: {
        actorKind: entry.actorKind,
        actorUserId: entry.actorUserId ?? null,
        actorName: entry.actorName,
        tokenId: entry.tokenId ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        details: json(entry.details ?? {}),
        ip: entry.ip ?? null,
        userAgent: entry.userAgent ?? null,
        client: entry.client ?? null,
        ...(entry.at && { at: entry.at }),
      },
    });
    return toAuditEntryRecord(row);
  }

  /**
   * Entries newest first (by id, the order they were appended), filtered; page with
   * `beforeId` (the last entry's id). `actionPrefix` `run.` matches every `run.*` action;
   * without a trailing dot it matches that action and its sub-actions (`run.start`,
   * `run.start.x`), not `run.started`.
   */
  async list(filter: AuditFilter = {}): Promise<AuditEntryRecord[]> {
    const where: Prisma.AuditEntryWhereInput = {
      ...(filter.actorUserId !== undefined && { actorUserId: filter.actorUserId }),
      ...(filter.targetType !== undefined && { targetType: filter.targetType }),
      ...(filter.targetId !== undefined && { targetId: filter.targetId }),
      ...(filter.beforeId !== undefined && { id: { lt: filter.beforeId } }),
      ...((filter.since || filter.until) && {
        at: {
          ...(filter.since && { gte: filter.since }),
          ...(filter.until && { lt: filter.until }),
        },
      }),
    };
    const prefix = filter.actionPrefix;
    if (prefix) {
      where.OR = prefix.endsWith('.')
        ? [{ action: { startsWith: prefix } }]
        : [{ action: prefix }, { action: { startsWith: `${prefix}.` } }];
    }
    const rows = await this.prisma.auditEntry.findMany({
      where,
      orderBy: { id: 'desc' },
      take: clamp(filter.limit, 100, 1000),
    });
    return rows.map(toAuditEntryRecord);
  }
}
