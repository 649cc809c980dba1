import { createStore } from '@arcflow/db';
import { openTestDatabase, type TestDatabase } from '@arcflow/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localActor } from '../src/identity/actor.ts';
import { SecretAdmin } from '../src/identity/secret-admin.ts';
import { loadSecretBox } from '../src/identity/secret-box.ts';
import { storeSecretResolver } from '../src/identity/secret-store-resolver.ts';
import { hasTestPostgres } from './helpers/env.ts';

const KEY = Buffer.alloc(32, 1).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 2).toString('base64');

describe('secrets resolved from the store', () => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await openTestDatabase(hasTestPostgres() ? 'postgres' : 'pglite');
  });
  afterEach(async () => {
    await test.cleanup();
  });

  const setUp = async (key: string) => {
    const store = createStore(test.db.prisma);
    const where = { store, workspaceDir: test.workspaceDir, env: { ARCFLOW_SECRET_KEY: key } };
    return {
      admin: new SecretAdmin(where),
      resolver: storeSecretResolver(store.secrets, () => loadSecretBox(where)),
    };
  };

  it("gives a workflow its own value over the workspace's, and only what is set", async () => {
    const { admin, resolver } = await setUp(KEY);
    const actor = localActor();
    await admin.set(actor, { name: 'TOKEN', value: 'workspace-value' });
    await admin.set(actor, { name: 'TOKEN', value: 'release-value', workflow: 'release' });
    await admin.set(actor, { name: 'OTHER', value: 'other-value' });
    const scope = (workflowName: string) => ({ workspaceDir: test.workspaceDir, workflowName });
    const release = await resolver.resolve(['TOKEN', 'OTHER', 'UNSET'], scope('release'));
    expect(Object.fromEntries(release)).toEqual({ TOKEN: 'release-value', OTHER: 'other-value' });
    const nightly = await resolver.resolve(['TOKEN'], scope('nightly'));
    expect(Object.fromEntries(nightly)).toEqual({ TOKEN: 'workspace-value' });
  });

  it('says which secret was written with another key and that ARCFLOW_SECRET_KEY must match', async () => {
    await (await setUp(KEY)).admin.set(localActor(), { name: 'DEPLOY_KEY', value: 'v4lue' });
    const { resolver } = await setUp(OTHER_KEY);
    await expect(
      resolver.resolve(['DEPLOY_KEY'], { workspaceDir: test.workspaceDir, workflowName: 'x' }),
    ).rejects.toThrow(
      'secret DEPLOY_KEY was written with another key; set ARCFLOW_SECRET_KEY to the key the runner that wrote it used',
    );
  });
});
