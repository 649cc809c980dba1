import { createStore, openDatabase, type Store } from '@arcflow/db';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
} from '@arcflow/db/testing';
import { type ServeProcess, startServe } from './serve.ts';

/**
 * Several real `arcflow serve` processes on one PostgreSQL database and one workspace, and a
 * store of the test's own on the same database to look at what they did.
 */
export class RunnerPool {
  readonly runners: ServeProcess[] = [];
  store!: Store;
  private closeDb!: () => Promise<void>;

  private constructor(
    readonly db: TestPostgresDatabase,
    readonly dir: string,
    private readonly cleanupWorkspace: () => Promise<void>,
  ) {}

  static async create(): Promise<RunnerPool> {
    const db = await createTestPostgresDatabase();
    const workspace = await createTestWorkspace();
    const pool = new RunnerPool(db, workspace.dir, workspace.cleanup);
    const database = await openDatabase({ databaseUrl: db.url, workspaceDir: workspace.dir });
    pool.store = createStore(database.prisma);
    pool.closeDb = () => database.close();
    return pool;
  }

  get env(): Record<string, string> {
    return { DATABASE_URL: this.db.url, ARCFLOW_RETRY_DELAY_MS: '50' };
  }

  async startRunner(
    args: string[] = [],
    env: Record<string, string | undefined> = {},
  ): Promise<ServeProcess> {
    const runner = await startServe({
      cwd: this.dir,
      args,
      env: { ...this.env, ...env },
    });
    this.runners.push(runner);
    return runner;
  }

  async close(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await this.closeDb();
    await this.db.drop();
    await this.cleanupWorkspace();
  }
}
