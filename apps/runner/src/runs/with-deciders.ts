import type { DecisionRecord, Store } from '@arcflow/db';
import type { StoredDecision } from '../worker/await-approval.ts';

/**
 * Recorded decisions with the people behind them as they are now (username and role), so
 * the wait can check each again. A user that is gone or disabled has no decider: their
 * decision is not counted.
 */
export async function withDeciders(
  store: Pick<Store, 'users'>,
  decisions: DecisionRecord[],
): Promise<StoredDecision[]> {
  return Promise.all(
    decisions.map(async (record) => {
      if (record.userId === null) return record;
      const user = await store.users.get(record.userId);
      if (!user || user.banned) return record;
      return {
        ...record,
        decider: { userId: user.id, username: user.username, role: user.role },
      };
    }),
  );
}
