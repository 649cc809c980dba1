import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, openDatabase, pgliteDataDir } from '../src/index.ts';
import { createTestWorkspace, type TestWorkspace } from '../src/testing.ts';
import { runInput } from './fixtures.ts';

/** What the embedded database puts right at open after its last owner was killed. */
describe('embedded PGlite database after a kill', () => {
  let workspace: TestWorkspace;
  beforeAll(async () => {
    workspace = await createTestWorkspace({ pglite: true });
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('takes over a lock naming this very pid (a container restarted after a crash)', async () => {
    await writeFile(join(workspace.dir, '.mia', 'state', 'pglite.lock'), String(process.pid));
    const db = await openDatabase({ workspaceDir: workspace.dir });
    await db.close();
  });

  it('lets the runs of a runner that is gone be adopted at once, naming that runner', async () => {
    const first = await openDatabase({ workspaceDir: workspace.dir });
    const run = await createStore(first.prisma).runs.create(
      runInput({ workspaceDir: workspace.dir, lease: { owner: 'killed-runner', ttlMs: 600_000 } }),
    );
    // a SIGKILLed runner never hands its runs back; only the lease it held remains
    await first.close();

    const second = await openDatabase({ workspaceDir: workspace.dir });
    try {
      const claimed = await createStore(second.prisma).leases.claim('new-runner', 30_000);
      expect(claimed).toEqual({ id: run.id, kind: 'start', previousOwner: 'killed-runner' });
    } finally {
      await second.close();
    }
  });

  it('creates a new data directory beside its place and removes what a killed creation left', async () => {
    const fresh = await createTestWorkspace();
    try {
      const dataDir = pgliteDataDir(fresh.dir);
      await mkdir(`${dataDir}.new/base`, { recursive: true });
      await writeFile(`${dataDir}.new/PG_VERSION`, '17\n');
      const db = await openDatabase({ workspaceDir: fresh.dir });
      await db.close();
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(existsSync(`${dataDir}.new`)).toBe(false);
    } finally {
      await fresh.cleanup();
    }
  });
});
