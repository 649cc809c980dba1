import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

/**
 * Notified when something a run's runner waits for was recorded: a cancel request or a
 * decision on a waiting step. The payload is `<kind>:<runId>`; the runner reads the rest.
 */
export const RUN_SIGNALS_CHANNEL = 'arcflow_run_signals';

export type RunSignalKind = 'cancel' | 'decision';

type Executor = Pick<PrismaClient, '$executeRaw'> | Prisma.TransactionClient;

export async function notifyRunSignal(
  db: Executor,
  kind: RunSignalKind,
  runId: string,
): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${RUN_SIGNALS_CHANNEL}, ${`${kind}:${runId}`})`;
}

/** The signal a payload of `RUN_SIGNALS_CHANNEL` carries, or null for one it does not know. */
export function parseRunSignal(payload: string): { kind: RunSignalKind; runId: string } | null {
  const separator = payload.indexOf(':');
  const kind = payload.slice(0, separator);
  const runId = payload.slice(separator + 1);
  if (separator <= 0 || !runId || (kind !== 'cancel' && kind !== 'decision')) return null;
  return { kind, runId };
}
