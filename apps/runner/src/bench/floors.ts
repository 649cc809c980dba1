import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { median, msSince } from './measure.ts';
import { makefile } from './workloads.ts';

/**
 * The floors the execution figures are read against, measured in the same run on the same
 * machine: one commit of what a step transition writes at least (a state update and an event
 * insert, in one transaction) with the driver the store uses, and GNU make running the same
 * commands.
 */

const SETUP = [
  'CREATE TEMP TABLE floor_steps (id int PRIMARY KEY, status text, updated_at timestamptz)',
  "INSERT INTO floor_steps SELECT g, 'pending', now() FROM generate_series(1, 100) g",
  'CREATE TEMP TABLE floor_events (seq serial PRIMARY KEY, step int, body jsonb, at timestamptz)',
];
const UPDATE = "UPDATE floor_steps SET status = 'running', updated_at = now() WHERE id = $1";
const INSERT = 'INSERT INTO floor_events (step, body, at) VALUES ($1, $2, now())';
const SAMPLES = 200;

/** Median ms of one transaction (update + insert) on PostgreSQL through `pg`. */
export async function pgCommitMs(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const sql of SETUP) await client.query(sql);
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const start = process.hrtime.bigint();
      await client.query('BEGIN');
      await client.query(UPDATE, [(i % 100) + 1]);
      await client.query(INSERT, [(i % 100) + 1, JSON.stringify({ type: 'step.started', i })]);
      await client.query('COMMIT');
      samples.push(msSince(start));
    }
    return median(samples);
  } finally {
    await client.end();
  }
}

/** The same transaction on an embedded PGlite database in `dataDir` (file-backed, as the store's). */
export async function pgliteCommitMs(dataDir: string): Promise<number> {
  const db = await PGlite.create(dataDir);
  try {
    for (const sql of SETUP) await db.query(sql);
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const start = process.hrtime.bigint();
      await db.transaction(async (tx) => {
        await tx.query(UPDATE, [(i % 100) + 1]);
        await tx.query(INSERT, [(i % 100) + 1, JSON.stringify({ type: 'step.started', i })]);
      });
      samples.push(msSince(start));
    }
    return median(samples);
  } finally {
    await db.close();
  }
}

/**
 * Wall ms of `make -j<jobs>` running `n` targets of `recipe` (chained or independent);
 * null when make is not installed.
 */
export function makeMs(n: number, recipe: string, options: { chained: boolean; jobs: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'arcflow-bench-make-'));
  try {
    writeFileSync(join(dir, 'Makefile'), makefile(n, recipe, options.chained));
    const start = process.hrtime.bigint();
    const result = spawnSync('make', ['-s', `-j${options.jobs}`, '-C', dir, 'all'], {
      encoding: 'utf8',
    });
    if (result.error || result.status !== 0) return null;
    return msSince(start);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
