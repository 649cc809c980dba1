import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type Store, TOKEN_TOUCH_INTERVAL_MS, UserExistsError } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { runInput } from './fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(TEST_BACKENDS)('users and API tokens on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('creates users in lower case with a placeholder email, and finds them', async () => {
    const alice = await store.users.create({ username: 'Alice', name: 'Alice Doe', role: 'admin' });
    expect(alice).toMatchObject({
      username: 'alice',
      displayUsername: 'Alice',
      name: 'Alice Doe',
      email: 'alice@users.arcflow.invalid',
      emailVerified: true,
      role: 'admin',
      banned: false,
      banReason: null,
    });
    expect(alice.id).toMatch(/^[A-Za-z0-9]{32}$/);
    const bob = await store.users.create({ username: 'bob', email: 'Bob@Example.com' });
    expect(bob).toMatchObject({ name: 'bob', email: 'bob@example.com', role: 'viewer' });

    expect(await store.users.get(alice.id)).toEqual(alice);
    expect(await store.users.getByUsername('ALICE')).toEqual(alice);
    expect(await store.users.getByEmail('BOB@example.com')).toEqual(bob);
    expect(await store.users.getByUsername('nobody')).toBeNull();
    expect((await store.users.list()).map((u) => u.username)).toEqual(['alice', 'bob']);
    await expect(store.users.create({ username: 'ALICE' })).rejects.toThrow(
      new UserExistsError('username', 'alice'),
    );
    await expect(
      store.users.create({ username: 'bobby', email: 'BOB@example.com' }),
    ).rejects.toThrow('a user with the email bob@example.com already exists');
    // a role this version does not know grants nothing more than viewer
    await test.db.prisma.user.update({ where: { id: bob.id }, data: { role: 'superuser' } });
    expect((await store.users.get(bob.id))?.role).toBe('viewer');
    await store.users.setRole(bob.id, 'viewer');
  });

  it('changes roles, disables and enables users, and counts the admins left', async () => {
    const carol = await store.users.create({ username: 'carol', role: 'admin' });
    const before = await store.users.countAdmins();
    expect((await store.users.setRole(carol.id, 'approver'))?.role).toBe('approver');
    expect(await store.users.countAdmins()).toBe(before - 1);
    expect(await store.users.setRole('no-such-user', 'admin')).toBeNull();

    await store.users.setRole(carol.id, 'admin');
    const now = new Date();
    await test.db.prisma.session.create({
      data: {
        id: 's1',
        token: 'session-token',
        userId: carol.id,
        expiresAt: new Date(now.getTime() + 3_600_000),
      },
    });
    const token = await store.apiTokens.create({
      userId: carol.id,
      tokenHash: sha256('arc_carol'),
      prefix: 'carol000',
    });
    const disabled = await store.users.disable(carol.id, 'left the team', now);
    expect(disabled).toMatchObject({ banned: true, banReason: 'left the team' });
    expect(await store.users.countAdmins()).toBe(before - 1);
    expect(await test.db.prisma.session.count({ where: { userId: carol.id } })).toBe(0);
    expect((await store.apiTokens.get(token.id))?.revokedAt).toEqual(now);
    expect(await store.apiTokens.findByHash(sha256('arc_carol'))).toBeNull();

    expect(await store.users.enable(carol.id)).toMatchObject({ banned: false, banReason: null });
    expect(await store.users.countAdmins()).toBe(before);
    // re-enabling does not bring revoked tokens back
    expect(await store.apiTokens.findByHash(sha256('arc_carol'))).toBeNull();
    expect(await store.users.disable('no-such-user')).toBeNull();
  });

  it('finds a token by its hash only while it is neither revoked nor expired', async () => {
    const dan = await store.users.create({ username: 'dan', role: 'operator' });
    const now = new Date('2026-12-02T10:00:00.000Z');
    const token = await store.apiTokens.create({
      userId: dan.id,
      tokenHash: sha256('arc_dan_secret'),
      prefix: 'dan_secr',
      name: 'ci',
      expiresAt: new Date(now.getTime() + 60_000),
    });
    expect(token.id).toMatch(/^tok_[0-9a-z]{10}$/);
    expect(token).toMatchObject({ name: 'ci', prefix: 'dan_secr', revokedAt: null });
    expect(token).not.toHaveProperty('tokenHash');

    const found = await store.apiTokens.findByHash(sha256('arc_dan_secret'), now);
    expect(found?.id).toBe(token.id);
    expect(found?.user).toMatchObject({ username: 'dan', role: 'operator' });
    expect(await store.apiTokens.findByHash(sha256('arc_other'), now)).toBeNull();
    // expired at expiresAt
    expect(
      await store.apiTokens.findByHash(sha256('arc_dan_secret'), new Date(now.getTime() + 60_000)),
    ).toBeNull();

    const forever = await store.apiTokens.create({
      userId: dan.id,
      tokenHash: sha256('arc_dan_forever'),
      prefix: 'dan_fore',
    });
    expect(await store.apiTokens.findByHash(sha256('arc_dan_forever'))).not.toBeNull();
    // someone else cannot revoke dan's token as theirs
    expect(await store.apiTokens.revoke(forever.id, { userId: 'someone-else' })).toBe(false);
    expect(await store.apiTokens.findByHash(sha256('arc_dan_forever'))).not.toBeNull();
    const revokedAt = new Date('2026-12-02T11:00:00.000Z');
    expect(await store.apiTokens.revoke(forever.id, { userId: dan.id, at: revokedAt })).toBe(true);
    expect(await store.apiTokens.findByHash(sha256('arc_dan_forever'))).toBeNull();
    // revoking again is fine and keeps the first time
    expect(await store.apiTokens.revoke(forever.id)).toBe(true);
    expect((await store.apiTokens.get(forever.id))?.revokedAt).toEqual(revokedAt);
    expect(await store.apiTokens.revoke('tok_missing000')).toBe(false);

    expect((await store.apiTokens.listByUser(dan.id)).map((t) => t.id).sort()).toEqual(
      [token.id, forever.id].sort(),
    );
    expect((await store.apiTokens.list()).length).toBeGreaterThanOrEqual(2);
  });

  it('records when a token was last used at most once a minute', async () => {
    const erin = await store.users.create({ username: 'erin' });
    const token = await store.apiTokens.create({
      userId: erin.id,
      tokenHash: sha256('arc_erin'),
      prefix: 'erin0000',
    });
    const t0 = new Date('2026-12-02T10:00:00.000Z');
    expect(await store.apiTokens.touch(token.id, t0)).toBe(true);
    expect(await store.apiTokens.touch(token.id, new Date(t0.getTime() + 30_000))).toBe(false);
    expect((await store.apiTokens.get(token.id))?.lastUsedAt).toEqual(t0);
    const later = new Date(t0.getTime() + TOKEN_TOUCH_INTERVAL_MS);
    expect(await store.apiTokens.touch(token.id, later)).toBe(true);
    expect((await store.apiTokens.get(token.id))?.lastUsedAt).toEqual(later);
  });

  it('keeps who started a run, decided and saved a revision, without tying history to users', async () => {
    const run = await store.runs.create(runInput({ startedByUserId: 'u-operator' }));
    expect(run.startedByUserId).toBe('u-operator');
    expect((await store.runs.get(run.id))?.startedByUserId).toBe('u-operator');
    expect((await store.runs.create(runInput())).startedByUserId).toBeNull();

    const at = new Date();
    const decision = await store.decisions.record({
      runId: run.id,
      stepId: 'approve',
      attempt: 1,
      decision: 'approve',
      by: 'Alice Doe',
      userId: 'u-approver',
      comment: 'LGTM',
      at,
    });
    expect(decision.userId).toBe('u-approver');
    const local = await store.decisions.record({
      runId: run.id,
      stepId: 'approve',
      attempt: 1,
      decision: 'approve',
      by: 'grace',
      comment: null,
      at,
    });
    expect(local.userId).toBeNull();
    expect((await store.decisions.list(run.id, 'approve', 1)).map((d) => d.userId)).toEqual([
      'u-approver',
      null,
    ]);

    const { revision } = await store.revisions.record({
      workspaceDir: '/tmp/ws-teams',
      workflowName: 'wf',
      yaml: 'name: wf\n',
      createdBy: 'Alice Doe',
      createdByUserId: 'u-admin',
    });
    expect(revision.createdByUserId).toBe('u-admin');
  });
});

describe.each(TEST_BACKENDS)('the last active admin on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterEach(async () => {
    await test?.cleanup();
  });

  /** Two admins and the changes that each take one away, made at once. */
  async function atOnce(
    change: (users: Store['users'], id: string) => Promise<unknown>,
    other: (users: Store['users'], id: string) => Promise<unknown> = change,
  ): Promise<PromiseSettledResult<unknown>[]> {
    const ann = await store.users.create({ username: 'ann', role: 'admin' });
    const ben = await store.users.create({ username: 'ben', role: 'admin' });
    return Promise.allSettled([change(store.users, ben.id), other(store.users, ann.id)]);
  }

  function expectOneRefused(results: PromiseSettledResult<unknown>[]): void {
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refusal = results.find((r) => r.status === 'rejected')?.reason as Error;
    expect(refusal.name).toBe('LastAdminError');
    expect(refusal.message).toMatch(/^(ann|ben) is the last active admin$/);
  }

  it('is never disabled, even when two admins disable each other at once', async () => {
    expectOneRefused(await atOnce((users, id) => users.disable(id)));
    expect(await store.users.countAdmins()).toBe(1);
  });

  it('is never demoted, even when two admins demote each other at once', async () => {
    expectOneRefused(await atOnce((users, id) => users.setRole(id, 'viewer')));
    expect(await store.users.countAdmins()).toBe(1);
  });

  it('is neither disabled nor demoted when both happen at once', async () => {
    expectOneRefused(
      await atOnce(
        (users, id) => users.disable(id),
        (users, id) => users.setRole(id, 'operator'),
      ),
    );
    expect(await store.users.countAdmins()).toBe(1);
    // A disabled admin, a non-admin, and a change to admin need no other admin.
    const [admin] = (await store.users.list()).filter((u) => u.role === 'admin' && !u.banned);
    const viewer = await store.users.create({ username: 'cy' });
    expect(await store.users.disable(viewer.id)).toMatchObject({ banned: true });
    expect(await store.users.setRole(viewer.id, 'admin')).toMatchObject({ role: 'admin' });
    expect(await store.users.setRole(admin?.id ?? '', 'admin')).toMatchObject({ role: 'admin' });
  });
});
