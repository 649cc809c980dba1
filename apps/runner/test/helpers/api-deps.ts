import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPostgresDatabase, createTestWorkspace } from '@arcflow/db/testing';
import { vi } from 'vitest';
import { type ApiDeps, createApiContext } from '../../src/api/context.ts';
import { appRouter } from '../../src/api/router.ts';
import { createEventBus } from '../../src/events/create-event-bus.ts';
import type { Actor } from '../../src/identity/actor.ts';
import { createLogger } from '../../src/logger.ts';
import { RunService } from '../../src/service/run-service.ts';
import { openSession, type Session } from '../../src/session/session.ts';
import { hasTestPostgres } from './env.ts';

/** What the API tests call the real router with, over a fresh workspace and database. */
export interface ApiFixture {
  session: Session;
  deps: ApiDeps;
  /** A caller acting as `actor` in team mode; `extra` replaces some of the deps. */
  api(actor: Actor, extra?: Partial<ApiDeps>): ReturnType<typeof appRouter.createCaller>;
  close(): Promise<void>;
}

/**
 * Opens a workspace (PostgreSQL when the tests have one, else PGlite) with the given
 * workflow files and environment, and the API's dependencies over it: the session, a run
 * service whose runs wait for workers, the event bus and a silent logger.
 */
export async function openApiFixture(options: {
  runnerId: string;
  workflows?: Record<string, string>;
  env?: Record<string, string>;
}): Promise<ApiFixture> {
  const workspace = await createTestWorkspace({ pglite: !hasTestPostgres() });
  const postgres = hasTestPostgres() ? await createTestPostgresDatabase() : undefined;
  vi.stubEnv('DATABASE_URL', postgres?.url ?? '');
  for (const [name, value] of Object.entries(options.env ?? {})) vi.stubEnv(name, value);
  const workflowsDir = join(workspace.dir, '.mia', 'workflows');
  mkdirSync(workflowsDir, { recursive: true });
  for (const [name, yaml] of Object.entries(options.workflows ?? {}))
    writeFileSync(join(workflowsDir, `${name}.yaml`), yaml);
  const session = await openSession(workspace.dir, 'test');
  const bus = await createEventBus(session.db);
  const deps: ApiDeps = {
    session,
    service: new RunService(session, { by: 'workers', wake: () => {} }),
    bus,
    logger: createLogger({ level: 'silent' }),
    runnerId: options.runnerId,
  };
  return {
    session,
    deps,
    api: (actor, extra = {}) =>
      appRouter.createCaller(
        createApiContext({ ...deps, ...extra }, { mode: 'team', resolveActor: async () => actor }),
      ),
    close: async () => {
      vi.unstubAllEnvs();
      await bus.close();
      await session.close();
      await postgres?.drop();
      await workspace.cleanup();
    },
  };
}

/** The error a call that must fail fails with (tRPC's code and message). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected the call to fail');
}
