import { createStore, type Store } from '@arcflow/db';
import { openTestDatabase, type TestDatabase } from '@arcflow/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localActor } from '../src/identity/actor.ts';
import { disableUser, setUserRole } from '../src/identity/user-admin.ts';
import { hasTestPostgres } from './helpers/env.ts';

/**
 * The user commands' changes (`arcflow user disable|set-role`), as the CLI makes them:
 * straight on the store, on PostgreSQL when the tests have one.
 */

let test: TestDatabase;
let store: Store;

beforeEach(async () => {
  test = await openTestDatabase(hasTestPostgres() ? 'postgres' : 'pglite');
  store = createStore(test.db.prisma);
});

afterEach(async () => {
  await test?.cleanup();
});

const actor = localActor({ client: 'cli-local' });

describe('the last admin', () => {
  it('stays when two admins are disabled or demoted at once', async () => {
    const ann = await store.users.create({ username: 'ann', role: 'admin' });
    const ben = await store.users.create({ username: 'ben', role: 'admin' });
    const outcomes = await Promise.all([
      disableUser(store, actor, ann).then(
        () => null,
        (error: Error) => error,
      ),
      setUserRole(store, actor, ben, 'viewer').then(
        () => null,
        (error: Error) => error,
      ),
    ]);
    expect(await store.users.countAdmins()).toBe(1);
    const refusal = outcomes.find((o) => o !== null);
    expect(refusal?.name).toBe('UserError');
    expect(refusal?.message).toMatch(
      /^(ann is the last admin and cannot be disabled|ben is the last admin and cannot be demoted); make someone else an admin first \(arcflow user set-role <name> admin\)$/,
    );
    // The refused change wrote no audit entry; the other one did.
    expect(await store.audit.list()).toHaveLength(1);
  });
});
