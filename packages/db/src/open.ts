import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { DatabaseError } from './errors.ts';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';
import { listenPglite, listenPostgres, type Unlisten } from './listen.ts';
import { migrate } from './migrate.ts';
import { asDamage, checkReadable } from './pglite-damage.ts';
import { openPgliteDataDir } from './pglite-data-dir.ts';
import { expireLeftLeases } from './pglite-leases.ts';
import { acquirePgliteLock } from './pglite-lock.ts';
import { pgExecutor, pgliteExecutor, type SqlExecutor } from './sql-executor.ts';

export interface Database {
  prisma: PrismaClient;
  /** The same database without Prisma, for the statements on the hot path (a tick's commit). */
  sql: SqlExecutor;
  kind: 'postgres' | 'pglite';
  /** The PostgreSQL URL without its password, or the embedded database's directory. */
  location: string;
  /**
   * Calls `onPayload` for every NOTIFY on `channel`, from any process sharing the database
   * (PostgreSQL) or from this one (PGlite). `onReconnect` runs after a lost connection
   * came back, when notifications may have been missed.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<Unlisten>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A `postgres://` URL; without it the embedded PGlite database of the workspace is used. */
  databaseUrl?: string;
  workspaceDir: string;
  /** How long to wait for PostgreSQL to accept a connection (default 5 s). */
  connectTimeoutMs?: number;
  /**
   * Lets PostgreSQL plan the hot statements (a tick's commit) once per connection (default
   * true). Off behind a connection pooler in transaction mode that does not carry prepared
   * statements over (PgBouncer before 1.21, or without `max_prepared_statements`).
   */
  preparedStatements?: boolean;
}

/** Where the embedded database of a workspace lives. */
export const pgliteDataDir = (workspaceDir: string): string =>
  join(workspaceDir, '.mia', 'state', 'pglite');

/**
 * Opens the database (PostgreSQL when `databaseUrl` is given, else the workspace's embedded
 * PGlite), applies pending migrations and returns a Prisma client over it. Anything a user
 * can get wrong becomes one `DatabaseError` with a message fit to show as is.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(
        options.databaseUrl,
        options.connectTimeoutMs ?? 5_000,
        options.preparedStatements ?? true,
      )
    : openPglite(options.workspaceDir);
}

/** The URL with its password removed, safe to print. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.password = '';
  return copy.href;
}

function parseUrl(databaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    throw new DatabaseError(
      'DATABASE_URL is not a valid URL; expected postgres://user:password@host:5432/database',
      { cause: error },
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseError(
      `DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//…)`,
    );
  }
  if (url.pathname.length <= 1) {
    throw new DatabaseError(
      `DATABASE_URL ${redactUrl(url)} names no database; add /<database> to it`,
    );
  }
  return url;
}

async function openPostgres(
  databaseUrl: string,
  connectTimeoutMs: number,
  preparedStatements: boolean,
): Promise<Database> {
  const url = parseUrl(databaseUrl);
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  // An idle connection that the server drops emits 'error' on the pool; without a listener
  // that would crash the process. The next query reports the problem instead.
  pool.on('error', () => {});
  try {
    await migrate(pgExecutor(pool));
  } catch (error) {
    await pool.end().catch(() => {});
    throw postgresError(error, location, connectTimeoutMs);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    sql: pgExecutor(pool, { preparedStatements }),
    kind: 'postgres',
    location,
    listen: async (channel, onPayload, onReconnect) =>
      listenPostgres(databaseUrl, channel, onPayload, onReconnect),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Turns a connection or migration failure into one line a user can act on. */
function postgresError(error: unknown, location: string, connectTimeoutMs: number): DatabaseError {
  if (error instanceof DatabaseError) {
    return new DatabaseError(`${error.message} (database ${location})`, { cause: error });
  }
  const err = error as NodeJS.ErrnoException & { code?: string };
  const reach = `cannot reach PostgreSQL at ${location}`;
  const database = new URL(location).pathname.slice(1);
  switch (err.code) {
    case 'ECONNREFUSED':
      return new DatabaseError(
        `${reach}: connection refused. Is the server running? Check DATABASE_URL.`,
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseError(`${reach}: unknown host. Check DATABASE_URL.`, { cause: error });
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DatabaseError(
        `${reach}: ${err.code}. Is the server running? Check DATABASE_URL.`,
        {
          cause: error,
        },
      );
    case '3D000':
      return new DatabaseError(
        `database "${decodeURIComponent(database)}" does not exist on the PostgreSQL server at ${location}. ` +
          'Create it (createdb) or check DATABASE_URL.',
        { cause: error },
      );
    case '28P01':
    case '28000':
      return new DatabaseError(
        `PostgreSQL at ${location} rejected the login: ${err.message}. Check the user and password in DATABASE_URL.`,
        { cause: error },
      );
    case '42501':
      return new DatabaseError(
        `PostgreSQL at ${location} denied permission to create Arcflow's tables: ${err.message}`,
        { cause: error },
      );
  }
  if (err.message?.includes('timeout')) {
    return new DatabaseError(
      `${reach}: no answer within ${Math.round(connectTimeoutMs / 1000)} s. Is the server running? Check DATABASE_URL.`,
      { cause: error },
    );
  }
  return new DatabaseError(
    `cannot open PostgreSQL at ${location}: ${err.message ?? String(error)}`,
    {
      cause: error,
    },
  );
}

async function openPglite(workspaceDir: string): Promise<Database> {
  await checkWorkspace(workspaceDir);
  const dataDir = pgliteDataDir(workspaceDir);
  try {
    await mkdir(dirname(dataDir), { recursive: true });
  } catch (error) {
    throw new DatabaseError(
      `cannot create the embedded database directory ${dataDir}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const release = await acquirePgliteLock(join(dataDir, '..', 'pglite.lock'), dataDir);
  let db: PGlite | undefined;
  try {
    db = await openPgliteDataDir(dataDir);
    const sql = pgliteExecutor(db);
    try {
      await migrate(sql);
      await checkReadable(sql);
    } catch (error) {
      throw asDamage(error, dataDir);
    }
    await expireLeftLeases(sql);
  } catch (error) {
    await db?.close().catch(() => {});
    await release();
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(
      `cannot open the embedded database at ${dataDir}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const pglite = db;
  // The adapter is typed against an older @prisma/driver-adapter-utils; the runtime
  // contract it implements is unchanged (verified by the store tests on PGlite).
  const adapter = new PrismaPGlite(pglite) as unknown as Prisma.PrismaClientOptions['adapter'];
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    sql: pgliteExecutor(pglite),
    kind: 'pglite',
    location: dataDir,
    listen: (channel, onPayload) => listenPglite(pglite, channel, onPayload),
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      await release();
    },
  };
}

async function checkWorkspace(workspaceDir: string): Promise<void> {
  try {
    if (!(await stat(workspaceDir)).isDirectory()) {
      throw new DatabaseError(`the workspace ${workspaceDir} is not a directory`);
    }
    await access(workspaceDir, constants.W_OK);
  } catch (error) {
    if (error instanceof DatabaseError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatabaseError(
      code === 'ENOENT'
        ? `the workspace directory ${workspaceDir} does not exist`
        : `the workspace directory ${workspaceDir} is not writable (${code}); Arcflow keeps its state in .mia/state/ there`,
      { cause: error },
    );
  }
}
