import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../src/identity/actor.ts';
import { hashApiToken } from '../src/identity/api-token.ts';
import type { Session } from '../src/session/session.ts';
import { type ApiFixture, failure, openApiFixture } from './helpers/api-deps.ts';

/**
 * The admin part of the API (users, tokens, secrets, audit) called as signed-in people,
 * through the real router, role guard and stores, on PostgreSQL when the tests have one.
 */

let fixture: ApiFixture;
let session: Session;
let api: ApiFixture['api'];

beforeEach(async () => {
  fixture = await openApiFixture({
    runnerId: 'admin-api-test',
    env: { ARCFLOW_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') },
  });
  ({ session, api } = fixture);
});

afterEach(() => fixture.close());

/** A user in the database, and the actor they are when signed in. */
async function signedIn(username: string, role: Role): Promise<Actor> {
  const user = await session.store.users.create({ username, role });
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    name: user.name,
    role,
    from: { ip: '10.0.0.7', userAgent: 'test-browser', client: 'web' },
  };
}

const local: Actor = { kind: 'local', name: 'Ada', role: 'admin' };

describe('users', () => {
  it('lists people without placeholder emails; changes roles, disables and enables, with audit entries', async () => {
    const admin = await signedIn('grace', 'admin');
    const bob = await session.store.users.create({ username: 'Bob', email: 'bob@example.com' });
    const listed = await api(admin).users.list();
    expect(listed).toEqual([
      {
        id: bob.id,
        username: 'bob',
        name: 'Bob',
        email: 'bob@example.com',
        role: 'viewer',
        disabled: false,
        createdAt: bob.createdAt.toISOString(),
      },
      expect.objectContaining({ username: 'grace', email: null, role: 'admin' }),
    ]);

    expect(await api(admin).users.setRole({ userId: bob.id, role: 'approver' })).toMatchObject({
      username: 'bob',
      role: 'approver',
    });
    const bobsToken = await api(await actorOf(bob.id)).tokens.createMine({ name: 'laptop' });
    expect(await api(admin).users.disable({ userId: bob.id })).toMatchObject({ disabled: true });
    expect((await session.store.apiTokens.get(bobsToken.info.id))?.revokedAt).not.toBeNull();
    expect(await api(admin).users.enable({ userId: bob.id })).toMatchObject({ disabled: false });

    const trail = await api(admin).audit.list({ action: 'user.' });
    expect(trail.entries.map((e) => [e.action, e.actorName, e.targetId, e.details])).toEqual([
      ['user.enable', 'grace', bob.id, { username: 'bob' }],
      ['user.disable', 'grace', bob.id, { username: 'bob' }],
      ['user.set_role', 'grace', bob.id, { username: 'bob', from: 'viewer', to: 'approver' }],
    ]);
    expect(trail.entries[0]).toMatchObject({
      ip: '10.0.0.7',
      userAgent: 'test-browser',
      client: 'web',
    });

    const missing = await failure(api(admin).users.disable({ userId: 'nobody' }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'no user with id nobody' });
  });

  it('never demotes or disables the last admin', async () => {
    const admin = await signedIn('grace', 'admin');
    const self = actorUserIdOf(admin);
    const demote = await failure(api(admin).users.setRole({ userId: self, role: 'approver' }));
    expect(demote).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: 'grace is the only admin; make someone else an admin before you make grace approver',
    });
    const disable = await failure(api(admin).users.disable({ userId: self }));
    expect(disable).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: 'grace is the only admin; make someone else an admin before you disable grace',
    });
    expect((await session.store.users.get(self))?.role).toBe('admin');

    // With a second admin, either may step down; a disabled admin does not count.
    const alan = await session.store.users.create({ username: 'alan', role: 'admin' });
    await api(admin).users.disable({ userId: alan.id });
    expect((await failure(api(admin).users.disable({ userId: self }))).code).toBe(
      'PRECONDITION_FAILED',
    );
    await api(admin).users.enable({ userId: alan.id });
    expect(await api(admin).users.setRole({ userId: self, role: 'viewer' })).toMatchObject({
      role: 'viewer',
    });
  });
});

describe('the last admin, when two admins act at once', () => {
  /** Grace and Alan, the only admins, each take the other away at the same moment. */
  async function eachOther(
    change: (caller: Actor, target: Actor) => Promise<unknown>,
  ): Promise<Array<{ code: string; message: string } | null>> {
    const grace = await signedIn('grace', 'admin');
    const alan = await signedIn('alan', 'admin');
    const outcomes = await Promise.all([
      change(grace, alan).then(() => null, failureOf),
      change(alan, grace).then(() => null, failureOf),
    ]);
    expect(await session.store.users.countAdmins()).toBe(1);
    return outcomes;
  }
  const failureOf = (error: unknown) => error as { code: string; message: string };

  it('disable each other: one of them stays an admin', async () => {
    const outcomes = await eachOther((caller, target) =>
      api(caller).users.disable({ userId: actorUserIdOf(target) }),
    );
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    expect(outcomes.find((o) => o !== null)).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(
        /^(grace|alan) is the only admin; make someone else an admin before you disable \1$/,
      ),
    });
  });

  it('demote each other: one of them stays an admin', async () => {
    const outcomes = await eachOther((caller, target) =>
      api(caller).users.setRole({ userId: actorUserIdOf(target), role: 'operator' }),
    );
    expect(outcomes.find((o) => o !== null)).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(
        /^(grace|alan) is the only admin; make someone else an admin before you make \1 operator$/,
      ),
    });
  });
});

describe('tokens', () => {
  it('are made for the caller, shown once, stored only as a hash, listed without secrets, revoked', async () => {
    const alice = await signedIn('alice', 'operator');
    const created = await api(alice).tokens.createMine({ name: 'ci', expiresInDays: 30 });
    expect(created.token).toMatch(/^arc_[\w-]{43}$/);
    expect(created.info).toMatchObject({
      name: 'ci',
      userId: actorUserIdOf(alice),
      username: 'alice',
      prefix: created.token.slice(0, 10),
      lastUsedAt: null,
      revokedAt: null,
    });
    const days = (Date.parse(created.info.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    // The database has the hash, never the token.
    const rows = await session.db.prisma.apiToken.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(rows)).not.toContain(created.token);
    expect(JSON.stringify(rows)).not.toContain(created.token.slice(10));

    const mine = await api(alice).tokens.mine();
    expect(mine).toEqual([created.info]);
    const admin = await signedIn('grace', 'admin');
    const all = await api(admin).tokens.list();
    expect(all).toEqual([created.info]);
    for (const listed of [mine, all]) {
      expect(JSON.stringify(listed)).not.toContain(created.token.slice(10));
      expect(JSON.stringify(listed)).not.toContain(rows[0]?.tokenHash);
    }

    const revoked = await api(alice).tokens.revokeMine({ id: created.info.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await session.store.apiTokens.findByHash(hashApiToken(created.token))).toBeNull();
    const trail = await api(admin).audit.list({ action: 'token.' });
    expect(trail.entries.map((e) => [e.action, e.actorName, e.targetId])).toEqual([
      ['token.revoke', 'alice', created.info.id],
      ['token.create', 'alice', created.info.id],
    ]);
    expect(JSON.stringify(trail)).not.toContain(created.token.slice(10));
  });

  it("someone else's token is not found through revokeMine; an admin revokes any", async () => {
    const alice = await signedIn('alice', 'operator');
    const bob = await signedIn('bob', 'viewer');
    const { info } = await api(alice).tokens.createMine({});
    expect(info.expiresAt).toBeNull();
    const probed = await failure(api(bob).tokens.revokeMine({ id: info.id }));
    const unknown = await failure(api(bob).tokens.revokeMine({ id: 'tok_nonexistent' }));
    expect(probed).toMatchObject({ code: 'NOT_FOUND', message: `you have no token ${info.id}` });
    expect(unknown).toMatchObject({ code: 'NOT_FOUND' });
    expect((await session.store.apiTokens.get(info.id))?.revokedAt).toBeNull();
    expect(await api(bob).tokens.mine()).toEqual([]);

    const admin = await signedIn('grace', 'admin');
    expect(await api(admin).tokens.revoke({ id: info.id })).toMatchObject({
      id: info.id,
      username: 'alice',
      revokedAt: expect.any(String),
    });
    expect((await failure(api(admin).tokens.revoke({ id: 'tok_nonexistent' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('belong to signed-in users: the local person is told to start the runner with --team', async () => {
    for (const call of [api(local).tokens.mine(), api(local).tokens.createMine({ name: 'x' })]) {
      expect(await failure(call)).toMatchObject({
        code: 'PRECONDITION_FAILED',
        message: 'tokens belong to signed-in users; start the runner with --team',
      });
    }
    expect(await session.db.prisma.apiToken.count()).toBe(0);
  });
  it('are not made with another token: a leaked token cannot outlive its revocation', async () => {
    const alice = await signedIn('alice', 'operator');
    const { info } = await api(alice).tokens.createMine({ name: 'short', expiresInDays: 1 });
    const viaToken: Actor = {
      kind: 'token',
      userId: actorUserIdOf(alice),
      username: 'alice',
      name: 'alice',
      role: 'operator',
      tokenId: info.id,
    };
    for (const input of [{ name: 'forever' }, { name: 'later', expiresInDays: 30 }]) {
      expect(await failure(api(viaToken).tokens.createMine(input))).toMatchObject({
        code: 'FORBIDDEN',
        message:
          'tokens are created from a signed-in session or with `arcflow token create`, not with another token',
      });
    }
    expect(await session.db.prisma.apiToken.count()).toBe(1);
    // The token still lists and revokes its user's own tokens.
    expect((await api(viaToken).tokens.mine()).map((t) => t.id)).toEqual([info.id]);
  });
});

describe('secrets', () => {
  const VALUE = 'hunter2-very-secret-value';

  it('are set without echoing the value, listed by name and scope only, and deleted', async () => {
    const admin = await signedIn('grace', 'admin');
    expect(await api(admin).secrets.set({ name: 'DEPLOY_KEY', value: VALUE })).toEqual({
      name: 'DEPLOY_KEY',
      workflow: null,
    });
    await api(local).secrets.set({ name: 'DEPLOY_KEY', value: `${VALUE}-2`, workflow: 'release' });
    const listed = await api(admin).secrets.list();
    expect(listed).toEqual([
      { name: 'DEPLOY_KEY', workflow: null, updatedAt: expect.any(String), updatedBy: 'grace' },
      { name: 'DEPLOY_KEY', workflow: 'release', updatedAt: expect.any(String), updatedBy: null },
    ]);
    expect(await api(admin).secrets.list({ workflow: 'release' })).toEqual([listed[1]]);
    expect(await api(admin).secrets.list({ workflow: 'other' })).toEqual([listed[0]]);

    const stored = await session.db.prisma.secret.findMany();
    const everything = JSON.stringify([listed, stored, await api(admin).audit.list()]);
    expect(everything).not.toContain(VALUE);
    expect(everything).not.toContain(Buffer.from(VALUE).toString('base64'));

    await api(admin).secrets.delete({ name: 'DEPLOY_KEY', workflow: 'release' });
    expect(await api(admin).secrets.list()).toEqual([listed[0]]);
    const again = await failure(
      api(admin).secrets.delete({ name: 'DEPLOY_KEY', workflow: 'release' }),
    );
    expect(again).toMatchObject({
      code: 'NOT_FOUND',
      message: 'no secret DEPLOY_KEY for workflow release',
    });
    const trail = await api(admin).audit.list({ action: 'secret.' });
    expect(trail.entries.map((e) => [e.action, e.actorName, e.targetId])).toEqual([
      ['secret.delete', 'grace', 'release/DEPLOY_KEY'],
      ['secret.set', 'Ada', 'release/DEPLOY_KEY'],
      ['secret.set', 'grace', 'DEPLOY_KEY'],
    ]);
  });

  it('never repeat the value in an error', async () => {
    const admin = await signedIn('grace', 'admin');
    const refusals = await Promise.all([
      failure(api(admin).secrets.set({ name: 'lower case', value: VALUE })),
      failure(api(admin).secrets.set({ name: 'OK', value: VALUE, workflow: 'Bad Name' })),
      failure(api(admin).secrets.set({ name: 'OK', value: VALUE.repeat(5000) })),
      failure(api(admin).secrets.set({ name: 'OK', value: '' })),
      failure(api(admin).secrets.set({ name: 'OK', value: `${VALUE}\0` })),
    ]);
    expect(refusals.map((r) => r.code)).toEqual([
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
      'BAD_REQUEST',
    ]);
    expect(refusals[0]?.message).toBe(
      '"lower case" is not a secret name: use capital letters, digits and _, not starting with a digit (like DEPLOY_KEY)',
    );
    expect(refusals[3]?.message).toBe('the value of OK is empty');
    expect(JSON.stringify(refusals)).not.toContain(VALUE.slice(0, 10));
    expect(await api(admin).secrets.list()).toEqual([]);
  });

  it('are names validation knows: an unknown one is an error at its line:col', async () => {
    const admin = await signedIn('grace', 'admin');
    await api(admin).secrets.set({ name: 'DEPLOY_KEY', value: VALUE });
    await api(admin).secrets.set({ name: 'NPM_TOKEN', value: VALUE, workflow: 'other' });
    const yaml = (secret: string) => `name: ship
steps:
  - id: deploy
    action: shell
    env:
      KEY: \${{ secrets.${secret} }}
    with: { run: 'echo "$KEY"' }
`;
    const ok = await api(admin).workflows.validate({ yaml: yaml('DEPLOY_KEY'), file: 'ship.yaml' });
    expect(ok).toEqual({ valid: true, diagnostics: [] });
    const typo = await api(admin).workflows.validate({
      yaml: yaml('DEPLOY_KY'),
      file: 'ship.yaml',
    });
    expect(typo.valid).toBe(false);
    expect(typo.diagnostics).toEqual([
      expect.objectContaining({
        file: 'ship.yaml',
        line: 6,
        column: 16,
        message: expect.stringContaining('unknown secret DEPLOY_KY; did you mean "DEPLOY_KEY"?'),
      }),
    ]);
    // Another workflow's own secret is not this one's.
    const foreign = await api(admin).workflows.validate({ yaml: yaml('NPM_TOKEN') });
    expect(foreign.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('unknown secret NPM_TOKEN'),
    ]);

    const save = await failure(
      api(admin).workflows.save({ name: 'ship', yaml: yaml('DEPLOY_KY') }),
    );
    expect(save).toMatchObject({ code: 'BAD_REQUEST' });
    expect(save.message).toContain('.mia/workflows/ship.yaml:6:16');
    expect(
      (await api(admin).workflows.save({ name: 'ship', yaml: yaml('DEPLOY_KEY') })).saved,
    ).toBe(true);

    // A run of a workflow that names an unknown secret is refused before it is recorded.
    const dir = join(session.workspaceDir, '.mia', 'workflows');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ship.yaml'), yaml('DEPLOY_KY'));
    const start = await failure(api(admin).runs.start({ workflow: 'ship' }));
    expect(start).toMatchObject({ code: 'BAD_REQUEST' });
    expect(start.message).toContain('ship.yaml:6:16');
    expect(start.message).toContain('unknown secret DEPLOY_KY');
    expect(await session.store.runs.list({})).toEqual([]);
  });
});

describe('the audit trail', () => {
  it('pages newest first and filters by time, person, action and target', async () => {
    const admin = await signedIn('grace', 'admin');
    const alice = await signedIn('alice', 'operator');
    const append = (actor: Actor, action: string, id: string, daysAgo = 0) =>
      session.store.audit.append({
        actorKind: 'user',
        actorUserId: actorUserIdOf(actor),
        actorName: actor.kind === 'local' ? actor.name : actor.username,
        action,
        targetType: 'run',
        targetId: id,
        details: { n: id },
        at: new Date(Date.now() - daysAgo * 86_400_000),
      });
    await append(alice, 'run.start', 'r1', 10);
    await append(alice, 'run.cancel', 'r1', 5);
    await append(admin, 'run.start', 'r2', 2);
    await append(alice, 'step.approve', 'r2');
    await append(admin, 'run.started.not', 'r3');

    const first = await api(admin).audit.list({ limit: 2 });
    expect(first.entries.map((e) => e.details.n)).toEqual(['r3', 'r2']);
    expect(first.nextBeforeId).toBe(first.entries[1]?.id);
    const second = await api(admin).audit.list({ limit: 2, beforeId: first.nextBeforeId ?? '' });
    expect(second.entries.map((e) => [e.action, e.details.n])).toEqual([
      ['run.start', 'r2'],
      ['run.cancel', 'r1'],
    ]);
    const last = await api(admin).audit.list({ limit: 2, beforeId: second.nextBeforeId ?? '' });
    expect(last.entries.map((e) => e.details.n)).toEqual(['r1']);
    expect(last.nextBeforeId).toBeNull();

    const actions = async (input: Parameters<ReturnType<typeof api>['audit']['list']>[0]) =>
      (await api(admin).audit.list(input)).entries.map((e) => `${e.action} ${e.targetId}`);
    expect(await actions({ action: 'run.start' })).toEqual(['run.start r2', 'run.start r1']);
    expect(await actions({ action: 'run.' })).toEqual([
      'run.started.not r3',
      'run.start r2',
      'run.cancel r1',
      'run.start r1',
    ]);
    expect(await actions({ actor: 'alice' })).toEqual([
      'step.approve r2',
      'run.cancel r1',
      'run.start r1',
    ]);
    expect(await actions({ actor: 'nobody' })).toEqual([]);
    expect(await actions({ since: '7d' })).toEqual([
      'run.started.not r3',
      'step.approve r2',
      'run.start r2',
      'run.cancel r1',
    ]);
    expect(await actions({ until: '3d', since: '6d' })).toEqual(['run.cancel r1']);
    expect(
      await actions({ since: new Date(Date.now() - 3 * 86_400_000).toISOString() }),
    ).toHaveLength(3);
    expect(await actions({ targetType: 'run', targetId: 'r1' })).toEqual([
      'run.cancel r1',
      'run.start r1',
    ]);
    const entry = (await api(admin).audit.list({ limit: 1 })).entries[0];
    expect(entry).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: expect.any(String),
      actorKind: 'user',
      actorName: 'grace',
      action: 'run.started.not',
      targetType: 'run',
      targetId: 'r3',
      details: { n: 'r3' },
      ip: null,
      userAgent: null,
      client: null,
    });
    const bad = await failure(api(admin).audit.list({ since: 'yesterday' }));
    expect(bad).toMatchObject({ code: 'BAD_REQUEST' });
    expect(bad.message).toContain('since "yesterday" is neither an age');
  });
});

function actorUserIdOf(actor: Actor): string {
  if (actor.kind === 'local') throw new Error('the local person has no user id');
  return actor.userId;
}

async function actorOf(userId: string): Promise<Actor> {
  const user = await session.store.users.get(userId);
  if (!user) throw new Error(`no user ${userId}`);
  return { kind: 'user', userId, username: user.username, name: user.name, role: user.role };
}
