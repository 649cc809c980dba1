import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import type { ClaimedRun } from './records.ts';

/** What a claiming runner offers, beyond its id. Omitted fields leave the claim as it was. */
export interface ClaimOptions {
  /**
   * The runner's labels: only runs whose `runs_on` are all among them are claimed (a run
   * with no `runs_on` goes to any runner). Omitted: `runs_on` is not looked at.
   */
  labels?: readonly string[];
  /**
   * At most this many active runs per workspace (`ARCFLOW_MAX_RUNS`): a run is not started
   * or resumed while its workspace has that many; runs left behind are still adopted.
   */
  maxActiveRuns?: number;
}

// Keys of the transaction-scoped advisory locks, with `hashtext` of the group / workspace.
const GROUP_LOCK = 1_300_001;
const CAP_LOCK = 1_300_002;
/** Groups found busy after their lock are left out and the claim tried again, this often. */
const MAX_TRIES = 8;

/**
 * A run is active — it holds its concurrency group and counts against the cap — while it
 * runs or waits, or while a runner holds its lease (claimed, not yet committed as running).
 */
const active = (alias: string) =>
  Prisma.raw(
    `(${alias}."status" IN ('running', 'waiting') OR ${alias}."lease_expires_at" > now())`,
  );
/**
 * The run would start (or resume) steps: not an adoption, and not a queued run whose cancel
 * was requested — that one only ends (nothing runs), so its group, the cap and its
 * `runs_on` do not hold it back.
 */
const CANCELED_IN_QUEUE = `(r."status" = 'queued' AND r."cancel_requested_at" IS NOT NULL)`;
const STARTING = Prisma.raw(
  `(r."status" NOT IN ('running', 'waiting') AND NOT ${CANCELED_IN_QUEUE})`,
);

type Candidate = {
  id: string;
  status: string;
  resume_requested_at: Date | null;
  previous_owner: string | null;
  concurrency_group: string | null;
  workspace_dir: string;
  starting: boolean;
};

type Attempt = { claimed: ClaimedRun | null } | { busyGroup: string } | { capReached: true };

/**
 * The claim, in one transaction: pick the oldest claimable row (`FOR UPDATE SKIP LOCKED`),
 * and if it is to be started (not adopted) and has a concurrency group or the workspace a
 * cap, take the group's / workspace's advisory lock and check again before leasing it.
 *
 * Why an advisory lock and not a partial unique index on active runs per group: two claimers
 * lock different rows of one group, so row locks alone do not serialise them, and "active"
 * begins with the lease (the status only becomes `running` at the runner's next commit), so
 * an index on `status` would fire at that later commit, in the wrong place. The lock makes
 * claimers of one group (or one capped workspace) queue for a few milliseconds; the check
 * after it runs in a new statement, which under READ COMMITTED sees the lease the previous
 * holder committed. Locks are taken cap first, then group, so they cannot deadlock.
 */
export async function claimRun(
  prisma: PrismaClient,
  owner: string,
  ttlMs: number,
  options: ClaimOptions,
): Promise<ClaimedRun | null> {
  const busyGroups: string[] = [];
  let startsAllowed = true;
  for (let tries = 1; tries <= MAX_TRIES; tries++) {
    const attempt = await prisma.$transaction((tx) =>
      claimOnce(tx, owner, ttlMs, options, busyGroups, startsAllowed),
    );
    if ('claimed' in attempt) return attempt.claimed;
    if ('busyGroup' in attempt) busyGroups.push(attempt.busyGroup);
    else startsAllowed = false;
  }
  return null;
}

async function claimOnce(
  tx: Prisma.TransactionClient,
  owner: string,
  ttlMs: number,
  options: ClaimOptions,
  busyGroups: readonly string[],
  startsAllowed: boolean,
): Promise<Attempt> {
  const { labels, maxActiveRuns } = options;
  const conditions: Prisma.Sql[] = [
    Prisma.sql`(r."lease_expires_at" IS NULL OR r."lease_expires_at" <= now())`,
    Prisma.sql`(
      r."status" = 'queued'
      OR (r."resume_requested_at" IS NOT NULL AND r."status" IN ('failed', 'canceled'))
      OR (r."resume_requested_at" IS NOT NULL AND r."status" = 'succeeded'
          AND r."resume_request" IS NOT NULL)
      OR r."status" IN ('running', 'waiting')
    )`,
    // A group with an active run is skipped here already; the lock below makes it certain.
    Prisma.sql`(r."concurrency_group" IS NULL OR NOT ${STARTING} OR NOT EXISTS (
      SELECT 1 FROM "runs" AS o
      WHERE o."concurrency_group" = r."concurrency_group" AND o."id" <> r."id" AND ${active('o')}
    ))`,
  ];
  if (labels !== undefined) {
    conditions.push(
      Prisma.sql`(r."runs_on" <@ ${[...labels]}::text[] OR ${Prisma.raw(CANCELED_IN_QUEUE)})`,
    );
  }
  if (busyGroups.length > 0) {
    conditions.push(Prisma.sql`(r."concurrency_group" IS NULL OR NOT ${STARTING}
      OR r."concurrency_group" <> ALL(${[...busyGroups]}::text[]))`);
  }
  if (!startsAllowed) conditions.push(Prisma.sql`NOT ${STARTING}`);
  else if (maxActiveRuns !== undefined) {
    conditions.push(Prisma.sql`(NOT ${STARTING} OR (
      SELECT count(*) FROM "runs" AS a WHERE a."workspace_dir" = r."workspace_dir" AND ${active('a')}
    ) < ${maxActiveRuns}::int)`);
  }
  const candidates = await tx.$queryRaw<Candidate[]>`
    SELECT r."id", r."status", r."resume_requested_at", r."lease_owner" AS previous_owner,
      r."concurrency_group", r."workspace_dir", ${STARTING} AS starting
    FROM "runs" AS r
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY r."created_at"
    FOR UPDATE SKIP LOCKED
    LIMIT 1`;
  const candidate = candidates[0];
  if (!candidate) return { claimed: null };

  const { starting } = candidate;
  if (starting && maxActiveRuns !== undefined) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CAP_LOCK}::int, hashtext(${candidate.workspace_dir}))`;
    const [row] = await tx.$queryRaw<Array<{ count: bigint }>>`
      SELECT count(*) AS count FROM "runs" AS a
      WHERE a."workspace_dir" = ${candidate.workspace_dir} AND a."id" <> ${candidate.id}
        AND ${active('a')}`;
    if (Number(row?.count ?? 0) >= maxActiveRuns) return { capReached: true };
  }
  const group = candidate.concurrency_group;
  if (starting && group !== null) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${GROUP_LOCK}::int, hashtext(${group}))`;
    const busy = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT o."id" FROM "runs" AS o
      WHERE o."concurrency_group" = ${group} AND o."id" <> ${candidate.id} AND ${active('o')}
      LIMIT 1`;
    if (busy.length > 0) return { busyGroup: group };
  }

  await tx.$executeRaw`
    UPDATE "runs"
    SET "lease_owner" = ${owner},
        "lease_expires_at" = now() + ${ttlMs}::int * interval '1 millisecond',
        "resume_requested_at" = NULL,
        "queued_reason" = NULL
    WHERE "id" = ${candidate.id}`;
  const kind =
    candidate.resume_requested_at !== null
      ? 'resume'
      : candidate.status === 'queued'
        ? 'start'
        : 'adopt';
  return { claimed: { id: candidate.id, kind, previousOwner: candidate.previous_owner } };
}
