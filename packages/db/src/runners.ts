import type { PrismaClient, Runner } from './generated/prisma/client.ts';
import { toRunnerRecord } from './trigger-mappers.ts';
import type { RunnerHeartbeat, RunnerRecord } from './trigger-records.ts';

/**
 * The runner processes working on this database, as they last reported themselves. Times
 * come from the database's clock, shared by every runner.
 */
export class Runners {
  constructor(private readonly prisma: PrismaClient) {}

  /** Registers the runner, or refreshes it: labels, counts and heartbeat (`now()`). */
  async heartbeat(runner: RunnerHeartbeat): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO "runners" ("id", "labels", "host", "pid", "version", "current_runs",
        "started_at", "last_heartbeat_at")
      VALUES (${runner.id}, ${runner.labels}::text[], ${runner.host}, ${runner.pid},
        ${runner.version}, ${runner.currentRuns}, now(), now())
      ON CONFLICT ("id") DO UPDATE SET
        "labels" = EXCLUDED."labels", "host" = EXCLUDED."host", "pid" = EXCLUDED."pid",
        "version" = EXCLUDED."version", "current_runs" = EXCLUDED."current_runs",
        "last_heartbeat_at" = now()`;
  }

  /** Every runner by id, `stale` when its last heartbeat is older than `staleAfterMs`. */
  async list(staleAfterMs: number): Promise<RunnerRecord[]> {
    const rows = await this.prisma.$queryRaw<Array<Runner & { stale: boolean }>>`
      SELECT "id", "labels", "host", "pid", "version", "current_runs" AS "currentRuns",
        "started_at" AS "startedAt", "last_heartbeat_at" AS "lastHeartbeatAt",
        "last_heartbeat_at" < now() - ${staleAfterMs}::int * interval '1 millisecond' AS "stale"
      FROM "runners" ORDER BY "id"`;
    return rows.map((row) => toRunnerRecord(row, row.stale));
  }

  /** Removes the runner (on a clean shutdown). */
  async remove(id: string): Promise<void> {
    await this.prisma.runner.deleteMany({ where: { id } });
  }

  /** Removes runners silent for longer than `staleAfterMs`; returns their ids. */
  async removeStale(staleAfterMs: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      DELETE FROM "runners"
      WHERE "last_heartbeat_at" < now() - ${staleAfterMs}::int * interval '1 millisecond'
      RETURNING "id"`;
    return rows.map((row) => row.id).sort();
  }
}
