// The committed migrations must build exactly the schema that schema.prisma describes:
// a database migrated from the files is compared with one built from the SQL that
// `prisma migrate diff --from-empty` prints for the current schema.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processEnvironment } from '../src/env.ts';
import { migrate, pgExecutor } from '../src/index.ts';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '../src/testing.ts';

const packageDir = join(import.meta.dirname, '..');

async function schemaFromPrisma(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(packageDir, 'node_modules/prisma/build/index.js'),
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema-datamodel',
      'prisma/schema.prisma',
      '--script',
    ],
    {
      cwd: packageDir,
      env: {
        ...processEnvironment(),
        PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
        CHECKPOINT_DISABLE: '1',
      },
      timeout: 60_000,
    },
  );
  return stdout;
}

/** A stable text description of the public schema's tables, columns, indexes and constraints. */
async function describeSchema(client: pg.Client): Promise<string[]> {
  const columns = await client.query(`
    SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
           character_maximum_length, datetime_precision
      FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
     ORDER BY table_name, column_name`);
  const indexes = await client.query(`
    SELECT indexname, indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`);
  const constraints = await client.query(`
    SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '_prisma_migrations'
     ORDER BY 1, 2`);
  return [
    ...columns.rows.map((row) => `column ${JSON.stringify(row)}`),
    ...indexes.rows.map((row) => `index ${row.indexname}: ${row.indexdef}`),
    ...constraints.rows.map((row) => `constraint ${row.table_name}.${row.conname}: ${row.def}`),
  ];
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('migration drift guard', () => {
  let fromFiles: TestPostgresDatabase;
  let fromSchema: TestPostgresDatabase;
  beforeAll(async () => {
    [fromFiles, fromSchema] = await Promise.all([
      createTestPostgresDatabase(),
      createTestPostgresDatabase(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fromFiles?.drop(), fromSchema?.drop()]);
  });

  it('the committed migrations build the schema that schema.prisma describes', async () => {
    const sql = await schemaFromPrisma();
    expect(sql).toContain('CREATE TABLE "runs"');
    const migrated = await withClient(fromFiles.url, async (client) => {
      await migrate(pgExecutor(client));
      return describeSchema(client);
    });
    const expected = await withClient(fromSchema.url, async (client) => {
      await client.query(sql);
      return describeSchema(client);
    });
    expect(migrated.length).toBeGreaterThan(50);
    // If this fails, schema.prisma changed without a migration: see README.md, "Adding a migration".
    expect(migrated).toEqual(expected);
  });
});
