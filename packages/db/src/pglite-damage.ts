import { PGlite } from '@electric-sql/pglite';
import { DatabaseError } from './errors.ts';
import type { SqlExecutor } from './sql-executor.ts';

/**
 * The embedded database's files cannot be read: PostgreSQL stopped while opening them, or
 * a query found a page or file missing or garbled. Not worth retrying; the message says how
 * to get going again.
 */
export class DamagedDatabaseError extends DatabaseError {
  override name = 'DamagedDatabaseError';
  constructor(
    readonly dataDir: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `the embedded database at ${dataDir} is damaged (${reason}); move it aside and put back ` +
        `a copy made while no arcflow process ran, or start fresh: mv ${dataDir} ${dataDir}.damaged`,
      options,
    );
  }
}

/**
 * Whether a failure means damaged files rather than a mistake in a statement: PGlite's
 * PostgreSQL aborting (a WebAssembly `RuntimeError`, "Aborted()"), or SQLSTATE class XX
 * (`data_corrupted`, `index_corrupted`) or 58 (a file missing or unreadable).
 */
function isDamage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'RuntimeError' || error.message.startsWith('Aborted(')) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('XX') || code.startsWith('58'));
}

/** `error` as a `DamagedDatabaseError` when it, or what it wraps, says the files are damaged. */
export function asDamage(error: unknown, dataDir: string): unknown {
  const damage = [error, (error as Error | undefined)?.cause].find(isDamage) as Error | undefined;
  return damage ? new DamagedDatabaseError(dataDir, damage.message, { cause: error }) : error;
}

/**
 * PostgreSQL's own reason for refusing the data directory ("incorrect checksum in control
 * file"). PGlite prints PostgreSQL's log only in debug mode, through `console.info` and
 * `console.error` as they are when it starts; so the directory is opened once more, in
 * debug mode, with both pointed at a buffer meanwhile. Only done after an open failed,
 * before the process reports it and stops.
 */
export async function diagnoseOpenFailure(dataDir: string, error: unknown): Promise<string> {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  const { info, error: printError } = console;
  console.info = capture;
  console.error = capture;
  try {
    const db = await PGlite.create(dataDir, { debug: 1 });
    await db.close().catch(() => {});
  } catch {
    // the failure being diagnosed, again
  } finally {
    console.info = info;
    console.error = printError;
  }
  const reported = lines
    .flatMap((line) => line.split('\n'))
    .map((line) => /\b(?:PANIC|FATAL|ERROR):\s+(.+)$/.exec(line)?.[1]?.trim())
    .find((reason) => reason !== undefined);
  if (reported) return reported;
  const message = error instanceof Error ? error.message : String(error);
  return message === 'unreachable' || message.startsWith('Aborted(')
    ? 'PostgreSQL stopped while opening it'
    : message;
}

/**
 * Reads the newest run through the primary key, fetching its row: a `runs` heap file cut
 * short or garbled fails here, at start, rather than in the middle of a request. Forced onto
 * the index because a sequential scan takes a file cut to nothing for an empty table.
 */
export async function checkReadable(db: SqlExecutor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_seqscan = off');
    await tx.query('SELECT * FROM "runs" ORDER BY "id" DESC LIMIT 1');
  });
}
