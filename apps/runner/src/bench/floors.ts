import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { median, msSince } from './measure.ts';

/**
 * The floors the execution figures are read against, measured in the same run on the
 * same machine: what a raw PostgreSQL commit costs, and what `make` needs to run the same
 * shell commands one after another.
 */
export interface Floors {
  /** One single-row INSERT committed on its own, in ms (median of 200). */
  pgCommitMs: number;
  /** `make -j1` running `true` 40 times, in ms; null when make is not installed. */
  make40TrueMs: number | null;
}

export async function measureFloors(databaseUrl: string): Promise<Floors> {
  return { pgCommitMs: await rawCommitMs(databaseUrl), make40TrueMs: make40True() };
}

async function rawCommitMs(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE floor_commits (id serial PRIMARY KEY, body text)');
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = process.hrtime.bigint();
      await client.query('BEGIN');
      await client.query('INSERT INTO floor_commits (body) VALUES ($1)', [`row ${i}`]);
      await client.query('COMMIT');
      samples.push(msSince(start));
    }
    return median(samples);
  } finally {
    await client.end();
  }
}

function make40True(): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'arcflow-bench-make-'));
  try {
    const targets = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const rules = targets.map((t, i) => `${t}:${i > 0 ? ` t${i - 1}` : ''}\n\t@true\n`);
    writeFileSync(join(dir, 'Makefile'), `.PHONY: ${targets.join(' ')}\n${rules.join('')}`);
    const start = process.hrtime.bigint();
    const result = spawnSync('make', ['-s', '-j1', '-C', dir, 't39'], { encoding: 'utf8' });
    if (result.error || result.status !== 0) return null;
    return msSince(start);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
