import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseError } from './errors.ts';
import type { SqlExecutor } from './sql-executor.ts';

/** The committed migrations of this package, found relative to the package, not the cwd. */
export const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'prisma', 'migrations');

/**
 * The advisory lock key Prisma's own migrate uses, so this migrator and `prisma migrate
 * deploy` never run at the same time against one database.
 */
const MIGRATION_LOCK_KEY = 72707369;

export interface Migration {
  /** The directory name, e.g. `20261125122814_init`; its timestamp orders migrations. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma computes it. */
  checksum: string;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order (empty when up to date). */
  applied: string[];
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

/** Reads `<dir>/<name>/migration.sql` for every migration directory, in name order. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

// Prisma's own definition of the table, so `prisma migrate deploy` can take over.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies the committed migrations that the database has not seen yet, in order, in one
 * transaction under an advisory lock (so concurrent starts are safe), recording each in
 * `_prisma_migrations`. Refuses with a `DatabaseError` when an applied migration's file
 * changed, when a migration failed earlier, or when the database knows migrations this
 * code does not (it was migrated by a newer Arcflow).
 */
export async function migrate(
  db: SqlExecutor,
  options: { migrations?: Migration[] } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await tx.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at
         FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
    );
    const applied = checkApplied(rows, migrations);

    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.name)) continue;
      const id = randomUUID();
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new DatabaseError(
          `migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      await tx.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      done.push(migration.name);
    }
    return { applied: done };
  });
}

/** Validates what the database has applied against the files; returns the applied names. */
function checkApplied(rows: AppliedRow[], migrations: Migration[]): Set<string> {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const applied = new Set<string>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) {
      throw new DatabaseError(
        `migration ${row.migration_name} was started but never finished in this database; ` +
          'repair the database and mark it rolled back in _prisma_migrations before starting again',
      );
    }
    const migration = byName.get(row.migration_name);
    if (!migration) {
      throw new DatabaseError(
        `the database has migration ${row.migration_name}, which this version of Arcflow does not know; ` +
          'it was probably migrated by a newer version',
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new DatabaseError(
        `migration ${row.migration_name} was modified after it was applied ` +
          `(checksum ${row.checksum.slice(0, 12)}… in the database, ${migration.checksum.slice(0, 12)}… in the file); ` +
          'restore the original migration.sql and add a new migration instead',
      );
    }
    applied.add(row.migration_name);
  }
  return applied;
}
