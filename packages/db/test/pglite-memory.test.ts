import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.ts';
import { EMBEDDED_SHARED_BUFFERS } from '../src/pglite-module.ts';
import { createTestWorkspace, type TestWorkspace } from '../src/testing.ts';

describe('the embedded database’s buffer pool', () => {
  let workspace: TestWorkspace;
  beforeAll(async () => {
    workspace = await createTestWorkspace({ pglite: true });
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  it('starts with the small pool, not the 128 MB PGlite builds in', async () => {
    const db = await openDatabase({ workspaceDir: workspace.dir });
    try {
      const rows =
        await db.prisma.$queryRawUnsafe<{ shared_buffers: string }[]>('SHOW shared_buffers');
      expect(rows[0]?.shared_buffers).toBe(EMBEDDED_SHARED_BUFFERS);
    } finally {
      await db.close();
    }
  });
});
