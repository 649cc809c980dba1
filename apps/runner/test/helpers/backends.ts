import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
} from '@arcflow/db/testing';
import { hasTestPostgres } from './env.ts';

/** Where a test's runs are stored: embedded PGlite in the workspace, or a real PostgreSQL. */
export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh workspace directory, and the environment the CLI needs to use this backend. */
  create(): Promise<{
    dir: string;
    env: Record<string, string | undefined>;
    cleanup(): Promise<void>;
  }>;
}

const pglite: Backend = {
  name: 'pglite',
  async create() {
    const ws = await createTestWorkspace({ pglite: true });
    return { dir: ws.dir, env: { DATABASE_URL: undefined }, cleanup: ws.cleanup };
  },
};

const postgres: Backend = {
  name: 'postgres',
  async create() {
    const ws = await createTestWorkspace();
    let db: TestPostgresDatabase;
    try {
      db = await createTestPostgresDatabase();
    } catch (error) {
      throw new Error(
        `these tests need PostgreSQL (ARCFLOW_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres): ${(error as Error).message}`,
      );
    }
    return {
      dir: ws.dir,
      env: { DATABASE_URL: db.url },
      cleanup: async () => {
        await db.drop();
        await ws.cleanup();
      },
    };
  },
};

/** Every database test runs on both. */
export const backends = (): Backend[] => [pglite, postgres];

/** One backend for suites that test templates rather than storage: PostgreSQL when given, else PGlite. */
export const oneBackend = (): Backend => (hasTestPostgres() ? postgres : pglite);
