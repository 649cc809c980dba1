import type { PrismaClient } from './generated/prisma/client.ts';
import type { ClaimedRun } from './records.ts';

/**
 * Which runner drives a run: a lease (`lease_owner`, `lease_expires_at`) taken, renewed and
 * released with single conditional `UPDATE`s on the database's clock, and `claim` for runners
 * looking for work.
 */
export class Leases {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Takes the lease on the run for `ttlMs` if nobody holds it, it expired, or `owner`
   * already holds it. Expiry uses the database's clock, shared by all runners.
   */
  async acquire(runId: string, owner: string, ttlMs: number): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "runs"
      SET "lease_owner" = ${owner}, "lease_expires_at" = now() + ${ttlMs}::int * interval '1 millisecond'
      WHERE "id" = ${runId}
        AND ("lease_owner" IS NULL OR "lease_owner" = ${owner} OR "lease_expires_at" <= now())`;
    return count > 0;
  }

  /**
   * Extends the lease if `owner` still holds it — even past its expiry (a long database
   * outage), as long as no other runner has claimed the run since. False once one has.
   */
  async renew(runId: string, owner: string, ttlMs: number): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "runs" SET "lease_expires_at" = now() + ${ttlMs}::int * interval '1 millisecond'
      WHERE "id" = ${runId} AND "lease_owner" = ${owner}`;
    return count > 0;
  }

  /** Gives the lease up, if `owner` holds it. */
  async release(runId: string, owner: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "runs" SET "lease_owner" = NULL, "lease_expires_at" = NULL
      WHERE "id" = ${runId} AND "lease_owner" = ${owner}`;
  }

  /**
   * Claims one run that needs a runner — queued and unleased, resume requested, or left
   * behind by a runner whose lease expired — and leases it to `owner`. Concurrent
   * claimers skip each other's rows (`FOR UPDATE SKIP LOCKED`), so each run goes to one.
   */
  async claim(owner: string, ttlMs: number): Promise<ClaimedRun | null> {
    const rows = await this.prisma.$queryRaw<
      Array<{
        id: string;
        status: string;
        resume_requested_at: Date | null;
        previous_owner: string | null;
      }>
    >`
      WITH candidate AS (
        SELECT "id", "status", "resume_requested_at", "lease_owner"
        FROM "runs"
        WHERE ("lease_expires_at" IS NULL OR "lease_expires_at" <= now())
          AND (
            "status" = 'queued'
            OR ("resume_requested_at" IS NOT NULL AND "status" IN ('failed', 'canceled'))
            OR ("resume_requested_at" IS NOT NULL AND "status" = 'succeeded'
                AND "resume_request" IS NOT NULL)
            OR "status" IN ('running', 'waiting')
          )
        ORDER BY "created_at"
        FOR UPDATE SKIP LOCKED
        LIMIT 1
      )
      UPDATE "runs" AS r
      SET "lease_owner" = ${owner},
          "lease_expires_at" = now() + ${ttlMs}::int * interval '1 millisecond',
          "resume_requested_at" = NULL
      FROM candidate AS c
      WHERE r."id" = c."id"
      RETURNING r."id", c."status", c."resume_requested_at", c."lease_owner" AS previous_owner`;
    const row = rows[0];
    if (!row) return null;
    const kind =
      row.resume_requested_at !== null ? 'resume' : row.status === 'queued' ? 'start' : 'adopt';
    return { id: row.id, kind, previousOwner: row.previous_owner };
  }
}
