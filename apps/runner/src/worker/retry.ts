import { DatabaseError } from '@arcflow/db';

const DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000, 8000, 8000];

export type RetryNotice = (error: unknown, attempt: number, delayMs: number) => void;

/**
 * Retries a storage call through short outages (a database restart, a dropped connection),
 * telling `onRetry` about each failure. Gives up after ~30 s with the last error, and at once
 * on a `DatabaseError` (a missing run, a lost lease), which no wait can mend.
 */
export async function withDatabaseRetry<T>(
  operation: () => Promise<T>,
  onRetry?: RetryNotice,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= DELAYS_MS.length; attempt++) {
    try {
      return await operation();
    } catch (error) {
      // A run that is gone or taken over will not come back by waiting.
      if (error instanceof DatabaseError) throw error;
      lastError = error;
      const delay = DELAYS_MS[attempt];
      if (delay === undefined) break;
      onRetry?.(error, attempt + 1, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  throw lastError;
}
