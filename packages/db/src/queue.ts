import { Prisma, type PrismaClient } from './generated/prisma/client.ts';

/**
 * Notified when the queue may have work a runner can now take: a run was queued, a resume or
 * re-telling asked for, a cancel requested, or a run ended (freeing its group and a slot).
 * The payload is empty: listeners just claim again.
 */
export const QUEUE_CHANNEL = 'arcflow_queue';

type Executor = Pick<PrismaClient, '$executeRaw'> | Prisma.TransactionClient;

export async function notifyQueue(db: Executor): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${QUEUE_CHANNEL}, '')`;
}

/** A queued run no runner holds, as the queue-reason check looks at it. */
export interface WaitingRun {
  id: string;
  workspaceDir: string;
  concurrencyGroup: string | null;
  runsOn: string[];
  queuedReason: string | null;
  cancelRequested: boolean;
}

/** The active run holding a concurrency group (the oldest, if several). */
export interface GroupHolder {
  group: string;
  runId: string;
  status: string;
}

// Active as `claim-query.ts` counts it: running, waiting, or leased.
const ACTIVE = Prisma.raw(`("status" IN ('running', 'waiting') OR "lease_expires_at" > now())`);

/**
 * Read-only views of the queue for saying why runs wait and for `cancel_in_progress`: cheap
 * queries on the `runs` table, answered from the indexes on status and group.
 */
export class Queue {
  constructor(private readonly prisma: PrismaClient) {}

  /** Queued runs no runner holds, oldest first (at most `limit`). */
  async waiting(limit = 200): Promise<WaitingRun[]> {
    const rows = await this.prisma.$queryRaw<
      Array<{
        id: string;
        workspace_dir: string;
        concurrency_group: string | null;
        runs_on: string[];
        queued_reason: string | null;
        cancel_requested: boolean;
      }>
    >`
      SELECT "id", "workspace_dir", "concurrency_group", "runs_on", "queued_reason",
        "cancel_requested_at" IS NOT NULL AS "cancel_requested"
      FROM "runs"
      WHERE "status" = 'queued' AND ("lease_expires_at" IS NULL OR "lease_expires_at" <= now())
      ORDER BY "created_at", "id"
      LIMIT ${limit}::int`;
    return rows.map((row) => ({
      id: row.id,
      workspaceDir: row.workspace_dir,
      concurrencyGroup: row.concurrency_group,
      runsOn: row.runs_on,
      queuedReason: row.queued_reason,
      cancelRequested: row.cancel_requested,
    }));
  }

  /** How many queued runs no runner holds (the queue's depth, for `/metrics`). */
  async depth(): Promise<number> {
    const rows = await this.prisma.$queryRaw<Array<{ count: bigint }>>`
      SELECT count(*) AS "count" FROM "runs"
      WHERE "status" = 'queued' AND ("lease_expires_at" IS NULL OR "lease_expires_at" <= now())`;
    return Number(rows[0]?.count ?? 0);
  }

  /** For each of `groups` that has an active run, the oldest one. */
  async groupHolders(groups: readonly string[]): Promise<Map<string, GroupHolder>> {
    if (groups.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<
      Array<{ concurrency_group: string; id: string; status: string }>
    >`
      SELECT DISTINCT ON ("concurrency_group") "concurrency_group", "id", "status"
      FROM "runs"
      WHERE "concurrency_group" = ANY(${[...groups]}::text[]) AND ${ACTIVE}
      ORDER BY "concurrency_group", "created_at", "id"`;
    return new Map(
      rows.map((row) => [
        row.concurrency_group,
        { group: row.concurrency_group, runId: row.id, status: row.status },
      ]),
    );
  }

  /** How many runs of each workspace are active (count against `ARCFLOW_MAX_RUNS`). */
  async activeCounts(): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRaw<Array<{ workspace_dir: string; count: bigint }>>`
      SELECT "workspace_dir", count(*) AS "count" FROM "runs" WHERE ${ACTIVE}
      GROUP BY "workspace_dir"`;
    return new Map(rows.map((row) => [row.workspace_dir, Number(row.count)]));
  }

  /**
   * The runs of `group` that have not ended, other than `exceptRunId`, created before it:
   * what a new run with `cancel_in_progress` replaces. Oldest first.
   */
  async unfinishedInGroup(group: string, exceptRunId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT o."id" FROM "runs" AS o, "runs" AS n
      WHERE n."id" = ${exceptRunId} AND o."concurrency_group" = ${group} AND o."id" <> n."id"
        AND o."status" IN ('queued', 'running', 'waiting')
        AND (o."created_at", o."id") < (n."created_at", n."id")
      ORDER BY o."created_at", o."id"`;
    return rows.map((row) => row.id);
  }
}
