import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';

/**
 * What the database said. Prisma's message for a failed raw query on PGlite is
 * "Raw query failed. Code: `N/A`. Message: `undefined`"; the driver's error is in `meta`.
 */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (error === undefined) return 'not refused';
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { message?: string } } } }).meta;
  return meta?.driverAdapterError?.cause?.message ?? String(error);
}

describe.each(TEST_BACKENDS)('the audit log on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  const t = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, minute));

  it('appends entries and lists them newest first, filtered and paged', async () => {
    const first = await store.audit.append({
      actorKind: 'user',
      actorUserId: 'u-alice',
      actorName: 'Alice Doe',
      action: 'run.start',
      targetType: 'run',
      targetId: 'r1',
      details: { workflow: 'deploy' },
      ip: '10.0.0.1',
      userAgent: 'Mozilla/5.0',
      client: 'web',
      at: t(0),
    });
    expect(first).toMatchObject({
      actorKind: 'user',
      actorName: 'Alice Doe',
      tokenId: null,
      details: { workflow: 'deploy' },
      at: t(0),
    });
    expect(typeof first.id).toBe('bigint');
    await store.audit.append({
      actorKind: 'token',
      actorUserId: 'u-bob',
      actorName: 'bob',
      tokenId: 'tok_abc',
      action: 'run.started.weird',
      at: t(1),
    });
    await store.audit.append({
      actorKind: 'user',
      actorUserId: 'u-bob',
      actorName: 'bob',
      action: 'step.approve',
      targetType: 'run',
      targetId: 'r1',
      at: t(2),
    });
    await store.audit.append({
      actorKind: 'anonymous',
      actorName: 'mallory',
      action: 'auth.sign_in_failed',
      at: t(3),
    });
    const system = await store.audit.append({
      actorKind: 'system',
      actorName: 'runner',
      action: 'run.start.x',
    });
    expect(system.details).toEqual({});
    expect(system.at).toBeInstanceOf(Date);

    const all = await store.audit.list();
    expect(all.map((e) => e.action)).toEqual([
      'run.start.x',
      'auth.sign_in_failed',
      'step.approve',
      'run.started.weird',
      'run.start',
    ]);
    const actions = async (filter: Parameters<Store['audit']['list']>[0]) =>
      (await store.audit.list(filter)).map((e) => e.action);
    expect(await actions({ actionPrefix: 'run.start' })).toEqual(['run.start.x', 'run.start']);
    expect(await actions({ actionPrefix: 'run.' })).toEqual([
      'run.start.x',
      'run.started.weird',
      'run.start',
    ]);
    expect(await actions({ actorUserId: 'u-bob' })).toEqual(['step.approve', 'run.started.weird']);
    expect(await actions({ targetType: 'run', targetId: 'r1' })).toEqual([
      'step.approve',
      'run.start',
    ]);
    expect(await actions({ since: t(1), until: t(3) })).toEqual([
      'step.approve',
      'run.started.weird',
    ]);

    const page1 = await store.audit.list({ limit: 2 });
    const page2 = await store.audit.list({ limit: 2, beforeId: page1.at(-1)?.id });
    const page3 = await store.audit.list({ limit: 2, beforeId: page2.at(-1)?.id });
    expect([...page1, ...page2, ...page3]).toEqual(all);
    expect(page3).toHaveLength(1);
  });

  it('refuses to change, delete or truncate entries, whoever asks', async () => {
    await store.audit.append({ actorKind: 'local', actorName: 'grace', action: 'workflow.save' });
    const prisma = test.db.prisma;
    expect(await refusal(prisma.auditEntry.updateMany({ data: { actorName: 'someone' } }))).toMatch(
      /audit_log is append-only \(UPDATE refused\)/,
    );
    expect(await refusal(prisma.auditEntry.deleteMany({}))).toMatch(
      /audit_log is append-only \(DELETE refused\)/,
    );
    expect(await refusal(prisma.$executeRawUnsafe('TRUNCATE audit_log'))).toMatch(
      /audit_log is append-only \(TRUNCATE refused\)/,
    );
    expect(await refusal(prisma.$executeRawUnsafe('DELETE FROM audit_log'))).toMatch(
      /audit_log is append-only \(DELETE refused\)/,
    );
    expect(
      await refusal(prisma.$executeRawUnsafe(`UPDATE audit_log SET details = '{"x":1}'`)),
    ).toMatch(/audit_log is append-only \(UPDATE refused\)/);
    expect((await store.audit.list()).some((e) => e.actorName === 'grace')).toBe(true);
    expect((await store.audit.list()).every((e) => e.actorName !== 'someone')).toBe(true);
  });

  it('names the entry when its details are unreadable', async () => {
    // Only an insert can write a bad value: the trigger forbids editing one.
    await test.db.prisma.$executeRawUnsafe(
      `INSERT INTO audit_log (actor_kind, actor_name, action, details) VALUES ('system', 'x', 'bad.details', '[1]')`,
    );
    await expect(store.audit.list({ actionPrefix: 'bad.details' })).rejects.toThrow(
      /^audit entry \d+ has an unreadable audit_log.details: expected a JSON object$/,
    );
  });
});

describe.each(TEST_BACKENDS)('secrets on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  const ws = '/tmp/ws-secrets';
  const bytes = (...values: number[]) => Uint8Array.from(values);

  it('stores encrypted bytes per workspace and workflow, and replaces them on put', async () => {
    const created = await store.secrets.put({
      workspaceDir: ws,
      name: 'DEPLOY_KEY',
      ciphertext: bytes(1, 2, 3, 255),
      nonce: bytes(9, 9, 9),
      keyId: 'k1',
      byUserId: 'u-admin',
    });
    expect(created).toMatchObject({
      workspaceDir: ws,
      workflowName: '',
      name: 'DEPLOY_KEY',
      keyId: 'k1',
      createdByUserId: 'u-admin',
      updatedByUserId: 'u-admin',
    });
    expect(created).not.toHaveProperty('ciphertext');
    expect(created).not.toHaveProperty('nonce');

    const read = await store.secrets.get({ workspaceDir: ws }, 'DEPLOY_KEY');
    expect(Buffer.from(read!.ciphertext)).toEqual(Buffer.from([1, 2, 3, 255]));
    expect(Buffer.from(read!.nonce)).toEqual(Buffer.from([9, 9, 9]));

    const replaced = await store.secrets.put({
      workspaceDir: ws,
      workflowName: '',
      name: 'DEPLOY_KEY',
      ciphertext: bytes(4, 5),
      nonce: bytes(7),
      keyId: 'k2',
      byUserId: 'u-other',
    });
    expect(replaced).toMatchObject({
      id: created.id,
      keyId: 'k2',
      createdByUserId: 'u-admin',
      updatedByUserId: 'u-other',
    });
    const again = await store.secrets.get({ workspaceDir: ws, workflowName: '' }, 'DEPLOY_KEY');
    expect(Buffer.from(again!.ciphertext)).toEqual(Buffer.from([4, 5]));
    expect(again!.keyId).toBe('k2');

    // the same name for one workflow is another secret
    await store.secrets.put({
      workspaceDir: ws,
      workflowName: 'deploy',
      name: 'DEPLOY_KEY',
      ciphertext: bytes(6),
      nonce: bytes(6),
      keyId: 'k2',
    });
    expect(
      Buffer.from(
        (await store.secrets.get({ workspaceDir: ws, workflowName: 'deploy' }, 'DEPLOY_KEY'))!
          .ciphertext,
      ),
    ).toEqual(Buffer.from([6]));
    expect(await store.secrets.get({ workspaceDir: '/elsewhere' }, 'DEPLOY_KEY')).toBeNull();
  });

  it('lists names and metadata, never values', async () => {
    await store.secrets.put({
      workspaceDir: ws,
      name: 'API_TOKEN',
      ciphertext: bytes(1),
      nonce: bytes(1),
      keyId: 'k2',
    });
    const shared = await store.secrets.list({ workspaceDir: ws });
    expect(shared.map((s) => s.name)).toEqual(['API_TOKEN', 'DEPLOY_KEY']);
    const forDeploy = await store.secrets.listForWorkflow(ws, 'deploy');
    expect(forDeploy.map((s) => [s.name, s.workflowName])).toEqual([
      ['API_TOKEN', ''],
      ['DEPLOY_KEY', 'deploy'],
    ]);
    for (const secret of [...shared, ...forDeploy]) {
      expect(Object.keys(secret).sort()).toEqual(
        [
          'createdAt',
          'createdByUserId',
          'id',
          'keyId',
          'name',
          'updatedAt',
          'updatedByUserId',
          'workflowName',
          'workspaceDir',
        ].sort(),
      );
    }
  });

  it('deletes a secret', async () => {
    expect(
      await store.secrets.delete({ workspaceDir: ws, workflowName: 'deploy' }, 'DEPLOY_KEY'),
    ).toBe(true);
    expect(
      await store.secrets.delete({ workspaceDir: ws, workflowName: 'deploy' }, 'DEPLOY_KEY'),
    ).toBe(false);
    expect(await store.secrets.get({ workspaceDir: ws }, 'DEPLOY_KEY')).not.toBeNull();
  });
});
