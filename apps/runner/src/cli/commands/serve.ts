import { hostname } from 'node:os';
import { UserError } from '../../errors.ts';
import { createEventBus } from '../../events/create-event-bus.ts';
import { createLogger } from '../../logger.ts';
import { isLoopbackHost } from '../../server/guard.ts';
import { startRunnerServer } from '../../server/server.ts';
import { readServerEnv } from '../../server/server-env.ts';
import { RunService } from '../../service/run-service.ts';
import { openSession, type Session } from '../../session/session.ts';
import { WorkerLoop } from '../../worker/worker-loop.ts';
import { err } from '../output.ts';

export interface ServeOptions {
  host: string;
  port: number;
  workspace?: string;
  capacity?: number;
  leaseMs?: number;
}

const DEFAULT_CAPACITY = 4;
/** How long running steps may take to finish on SIGTERM before their runs are handed back. */
const SHUTDOWN_GRACE_MS = 10_000;

function serverEnv() {
  try {
    return readServerEnv();
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}

/**
 * `arcflow serve`: the runner as a service — the tRPC API over HTTP and WebSocket on one
 * port, and a worker loop that claims and executes runs. Returns on SIGTERM/SIGINT after a
 * clean shutdown.
 */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const env = serverEnv();
  const loopback = isLoopbackHost(options.host);
  if (!loopback && !env.ARCFLOW_TOKEN) {
    throw new UserError(
      `refusing to listen on ${options.host} without ARCFLOW_TOKEN; set it (clients then send Authorization: Bearer <token>) or bind to 127.0.0.1`,
    );
  }
  const logger = createLogger({ level: env.ARCFLOW_LOG_LEVEL });
  const opened = await openSession(options.workspace, 'serve');
  const session: Session = options.leaseMs
    ? { ...opened, env: { ...opened.env, ARCFLOW_LEASE_MS: options.leaseMs } }
    : opened;
  const cleanups: Array<() => Promise<void>> = [() => session.close()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error) => logger.error({ err: error }, 'shutdown step failed'));
    }
    cleanups.length = 0;
  };

  try {
    const bus = await createEventBus(session.db);
    cleanups.push(() => bus.close());
    const runnerId = `${hostname()}-${process.pid}`;
    const worker = new WorkerLoop(session, {
      runnerId,
      capacity: options.capacity ?? DEFAULT_CAPACITY,
      logger,
    });
    cleanups.push(() => worker.stop(SHUTDOWN_GRACE_MS));
    const service = new RunService(session, { by: 'workers', wake: () => worker.wake() });
    const server = await startRunnerServer({
      deps: { session, service, bus, logger, runnerId },
      host: options.host,
      port: options.port,
      policy: {
        token: env.ARCFLOW_TOKEN,
        allowedOrigins: env.ARCFLOW_ALLOWED_ORIGINS,
        loopbackOnly: loopback,
      },
    });
    cleanups.push(() => server.close());
    worker.start();

    const { kind, location } = session.db;
    logger.info({ url: server.url, database: location, kind, runnerId }, 'listening');
    err(
      `arcflow serve: listening on ${server.url} (${kind === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'} ${location})`,
    );

    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    logger.info({ signal }, 'shutting down');
    err(`arcflow serve: ${signal}; finishing running steps (up to ${SHUTDOWN_GRACE_MS / 1000} s)`);
    // A second signal leaves at once; the runs' leases expire and another runner takes over.
    process.once('SIGINT', () => process.exit(130));
    process.once('SIGTERM', () => process.exit(143));
  } finally {
    // In reverse order of start: stop accepting and close WebSockets, let the worker finish
    // or hand back its runs, stop listening for events, close the database.
    await cleanUp();
  }
  return 0;
}
