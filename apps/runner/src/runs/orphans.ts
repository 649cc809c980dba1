import type { RunRecord } from '@arcflow/db';
import { isFinalRunStatus } from '@arcflow/engine';

/** A run that is not over but whose runner stopped renewing its lease (it crashed or lost the database). */
export function isOrphaned(run: RunRecord, now = new Date()): boolean {
  if (isFinalRunStatus(run.status)) return false;
  return run.leaseExpiresAt === null || run.leaseExpiresAt.getTime() <= now.getTime();
}
