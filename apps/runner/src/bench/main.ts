// Arcflow's benchmark: every row of issue 14's table, each with its ratio to a floor measured
// in the same run (`node -e 0`, a raw commit with the store's driver, GNU make), for
// PostgreSQL and PGlite. `pnpm bench` runs every group; `pnpm bench --only <group>[,<group>]`
// runs some (startup, validation, scheduler, execution, rss); `--rss-steps <n>` sizes the noop
// run whose memory is measured (default 10,000). PostgreSQL figures use a scratch database on
// ARCFLOW_TEST_DATABASE_URL.
import { parseArgs } from 'node:util';
import { createTestPostgresDatabase } from '@arcflow/db/testing';
import { benchExecution } from './execution.ts';
import { benchRss } from './rss.ts';
import { benchScheduler } from './scheduler.ts';
import { benchStartup } from './startup.ts';
import { printTable, type Row } from './table.ts';
import { benchValidation } from './validation.ts';

const GROUPS = ['startup', 'validation', 'scheduler', 'execution', 'rss'] as const;
type Group = (typeof GROUPS)[number];

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { only: { type: 'string' }, 'rss-steps': { type: 'string', default: '10000' } },
});
const chosen = (values.only?.split(',') ?? GROUPS) as Group[];
const unknown = chosen.filter((group) => !GROUPS.includes(group));
if (unknown.length > 0) {
  console.error(`unknown group ${unknown.join(', ')}; the groups are ${GROUPS.join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const rows: Row[] = [];
const run = async (group: Group, measure: () => Row[] | Promise<Row[]>) => {
  if (!chosen.includes(group)) return;
  const start = Date.now();
  const found = await measure();
  rows.push(...found);
  printTable(`${group} (${((Date.now() - start) / 1000).toFixed(0)} s)`, found);
};

await run('startup', benchStartup);
await run('validation', benchValidation);
await run('scheduler', benchScheduler);
if (chosen.includes('execution') || chosen.includes('rss')) {
  const pg = await createTestPostgresDatabase();
  try {
    for (const [backend, url] of [
      ['postgres', pg.url],
      ['pglite', undefined],
    ] as const) {
      await run('execution', () => benchExecution(backend, url));
      await run('rss', () => benchRss(backend, url, Number(values['rss-steps'])));
    }
  } finally {
    await pg.drop();
  }
}
printTable(`All rows (${((Date.now() - started) / 1000).toFixed(0)} s)`, rows);
