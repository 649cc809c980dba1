import { type ClaimOptions, claimRun } from './claim-query.ts';
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
   * behind by a runner whose lease expired — and leases it to `owner`, oldest first.
   * Concurrent claimers skip each other's rows (`FOR UPDATE SKIP LOCKED`), so each run goes
   * to one. See `ClaimOptions` for runner labels and the cap on active runs; a run with a
   * `concurrency_group` is not started while another run of its group is active (see
   * `claim-query.ts` for how that stays race-free).
   */
  async claim(
    owner: string,
    ttlMs: number,
    options: ClaimOptions = {},
  ): Promise<ClaimedRun | null> {
    return claimRun(this.prisma, owner, ttlMs, options);
  }

  /**
   * Where each of `runIds` stands in the queue (1 = claimed next), among queued runs no
   * runner holds, oldest first; runs that are not waiting in the queue are left out.
   */
  async queuePositions(runIds: readonly string[]): Promise<Map<string, number>> {
    if (runIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<Array<{ id: string; position: bigint }>>`
      SELECT "id", "position" FROM (
        SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS "position"
        FROM "runs"
        WHERE "status" = 'queued' AND ("lease_expires_at" IS NULL OR "lease_expires_at" <= now())
      ) AS queue
      WHERE "id" = ANY(${[...runIds]}::text[])`;
    return new Map(rows.map((row) => [row.id, Number(row.position)]));
  }

  /** `queuePositions` for one run: its position, or null when it is not waiting in the queue. */
  async queuePosition(runId: string): Promise<number | null> {
    return (await this.queuePositions([runId])).get(runId) ?? null;
  }
}
