import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
} from '@arcflow/db/testing';
import { type ServeProcess, startServe } from './serve.ts';
import { TestWorkspace } from './workspace.ts';

/** A workspace with workflows, its own PostgreSQL database, and `arcflow serve` running on it. */
export interface ServedWorkspace {
  ws: TestWorkspace;
  db: TestPostgresDatabase;
  serve: ServeProcess;
  /** The environment a CLI call needs to reach the same database. */
  env(): { DATABASE_URL: string };
  /** Stops the runner, drops the database, removes the workspace. */
  close(): Promise<void>;
}

export async function startServedWorkspace(
  workflows: Record<string, string>,
): Promise<ServedWorkspace> {
  const created = await createTestWorkspace();
  const ws = new TestWorkspace(created.dir);
  const db = await createTestPostgresDatabase();
  for (const [name, yaml] of Object.entries(workflows)) ws.workflow(name, yaml);
  const served: ServedWorkspace = {
    ws,
    db,
    serve: await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } }),
    env: () => ({ DATABASE_URL: db.url }),
    async close() {
      // the runner running now: a test may have restarted it
      await served.serve.stop();
      await db.drop();
      await created.cleanup();
    },
  };
  return served;
}
