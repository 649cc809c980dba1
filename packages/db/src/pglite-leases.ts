import type { SqlQuery } from './sql-executor.ts';

/**
 * Lets the runs whose runner died be adopted at once. The embedded database is opened by
 * one process at a time (its lock file), so a lease found in it at open belongs to a
 * process that is gone: SIGKILLed or crashed before it could hand its runs back. Waiting
 * for the lease to run out (`ARCFLOW_LEASE_MS`, 30 s) would only leave them "running".
 * The owner stays, so the adopting runner names it.
 */
export async function expireLeftLeases(db: SqlQuery): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `UPDATE "runs" SET "lease_expires_at" = now()
     WHERE "lease_expires_at" > now() RETURNING "id"`,
  );
  return rows.length;
}
