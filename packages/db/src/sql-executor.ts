import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';

/** One statement with `$1`-style parameters; returns its rows. */
export interface SqlQuery {
  /**
   * `prepareAs` names a statement whose text never changes: PostgreSQL then parses and plans
   * it once per connection instead of at every call (ignored where there is no such thing).
   */
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    prepareAs?: string,
  ): Promise<Row[]>;
}

/**
 * The little SQL surface the migrator and the hot commit path need, so they run the same on
 * a `pg` client or pool and on PGlite, without Prisma's per-query compilation.
 */
export interface SqlExecutor extends SqlQuery {
  /** A script of several statements, no parameters. */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in a transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

type PgQueryable = Pick<pg.ClientBase, 'query'>;

function pgQueryExecutor(client: PgQueryable, prepared: boolean): Omit<SqlExecutor, 'transaction'> {
  return {
    async query<Row>(sql: string, params: unknown[] = [], prepareAs?: string) {
      const result =
        prepareAs && prepared
          ? await client.query({ name: prepareAs, text: sql, values: params })
          : await client.query(sql, params);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      // Without parameters pg uses the simple query protocol, which accepts many statements.
      await client.query(sql);
    },
  };
}

/** A `SqlExecutor` over a `pg.Client` (one connection) or a `pg.Pool`. */
export function pgExecutor(
  clientOrPool: pg.Client | pg.Pool,
  { preparedStatements = true }: { preparedStatements?: boolean } = {},
): SqlExecutor {
  const base = pgQueryExecutor(clientOrPool, preparedStatements);
  return {
    ...base,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const isPool = 'totalCount' in clientOrPool;
      const client = isPool ? await clientOrPool.connect() : (clientOrPool as pg.Client);
      const tx: SqlExecutor = {
        ...pgQueryExecutor(client, preparedStatements),
        transaction: () => Promise.reject(new Error('nested transactions are not supported')),
      };
      let failed = false;
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        failed = true;
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        // A pooled connection whose transaction failed is discarded rather than reused.
        if (isPool) (client as pg.PoolClient).release(failed);
      }
    },
  };
}

function pgliteQueryExecutor(db: PGlite | PGliteTransaction): Omit<SqlExecutor, 'transaction'> {
  return {
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await db.query<Row>(sql, params);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

/** A `SqlExecutor` over an embedded PGlite database. */
export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    ...pgliteQueryExecutor(db),
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return db.transaction((tx) =>
        fn({
          ...pgliteQueryExecutor(tx),
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
        }),
      );
    },
  };
}
