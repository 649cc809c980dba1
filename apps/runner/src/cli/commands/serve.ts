import { hostname } from 'node:os';
import { QUEUE_CHANNEL } from '@arcflow/db';
import { startArtifactRetention } from '../../artifacts/retention-loop.ts';
import { UserError } from '../../errors.ts';
import { createEventBus } from '../../events/create-event-bus.ts';
import { loadSecretKey } from '../../identity/secret-key.ts';
import { createLogger } from '../../logger.ts';
import { observedSession } from '../../observability/observed-session.ts';
import { RunObserver } from '../../observability/run-observer.ts';
import { startTracing } from '../../observability/tracing.ts';
import { parseRunnerLabels } from '../../pools/labels.ts';
import {
  HEARTBEAT_MS,
  REMOVE_AFTER_MS,
  RunnerPresence,
  STALE_AFTER_MS,
} from '../../pools/presence.ts';
import { QueueWatch } from '../../pools/queue-watch.ts';
import { ScheduleLoop } from '../../schedules/schedule-loop.ts';
import { isLoopbackHost } from '../../server/guard.ts';
import { isSameSite } from '../../server/same-site.ts';
import { startRunnerServer, type TeamServerOptions } from '../../server/server.ts';
import { DEFAULT_ALLOWED_ORIGINS, readServerEnv, type ServerEnv } from '../../server/server-env.ts';
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
  /** Team mode: people sign in; roles, tokens and the audit trail apply. */
  team?: boolean;
  /** `--labels linux,docker,gpu`: this runner takes runs whose `runs_on` it all carries. */
  labels?: string;
}

/** How often a runner re-reads the queue to say why runs wait. */
const QUEUE_WATCH_MS = 2000;

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
  const team = options.team === true;
  if (!loopback && !team) {
    throw new UserError(
      `refusing to listen on ${options.host} without --team: beyond loopback, people must sign in; pass --team (add them with \`arcflow user add\`), or bind to 127.0.0.1`,
    );
  }
  if (team && env.ARCFLOW_TOKEN) {
    throw new UserError(
      'ARCFLOW_TOKEN is not used with --team: unset it and give each person or script a token of their own with `arcflow token create --user <name>`',
    );
  }
  if (team && !loopback && !env.ARCFLOW_PUBLIC_URL) {
    throw new UserError(
      `--team on ${options.host} needs ARCFLOW_PUBLIC_URL: the address browsers reach this runner at (e.g. https://arcflow.example.com), where sign-in links and OIDC callbacks point`,
    );
  }
  const labels = runnerLabels(options.labels);
  const allowedOrigins = team ? teamOrigins(env, options.port) : env.ARCFLOW_ALLOWED_ORIGINS;
  const logger = createLogger({ level: env.ARCFLOW_LOG_LEVEL });
  // Loading prom-client takes ~80 ms of CPU: done while the database opens, not after.
  const metricsLoading = import('../../observability/metrics.ts').then((module) =>
    module.createRunnerMetrics(),
  );
  metricsLoading.catch(() => {});
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
    const metrics = await metricsLoading;
    metrics.setQueueDepthSource(() => session.store.queue.depth());
    // Flushed after the worker has stopped (clean-ups run in reverse), so no span is lost.
    const spans = await startTracing(session.env, runnerId);
    if (spans) cleanups.push(() => spans.shutdown());
    const worker = new WorkerLoop(observedSession(session, metrics), {
      runnerId,
      capacity: options.capacity ?? DEFAULT_CAPACITY,
      labels,
      maxActiveRuns: session.env.ARCFLOW_MAX_RUNS,
      logger,
      team,
      observer: new RunObserver(metrics, spans),
    });
    // Listed among the runners until the worker has finished or handed back its runs.
    const presence = new RunnerPresence(session, {
      runnerId,
      labels,
      currentRuns: () => worker.activeRuns.length,
      heartbeatMs: HEARTBEAT_MS,
      removeAfterMs: REMOVE_AFTER_MS,
      logger,
    });
    await presence.start();
    cleanups.push(() => presence.stop());
    cleanups.push(() => worker.stop(SHUTDOWN_GRACE_MS));
    // Runs queued, resumed or freed by other processes wake the worker at once.
    const unlistenQueue = await session.db.listen(QUEUE_CHANNEL, () => worker.wake());
    cleanups.push(() => unlistenQueue());
    const service = new RunService(session, { by: 'workers', wake: () => worker.wake() });
    let teamOptions: TeamServerOptions | undefined;
    if (team) {
      const { createAuth } = await import('../../identity/auth.ts');
      const { key } = await loadSecretKey({
        workspaceDir: session.workspaceDir,
        fromEnv: session.env.ARCFLOW_SECRET_KEY,
      });
      teamOptions = {
        trustedProxies: env.ARCFLOW_TRUSTED_PROXIES,
        createAuth: (serverUrl) =>
          createAuth({
            prisma: session.db.prisma,
            store: session.store,
            publicUrl:
              env.ARCFLOW_PUBLIC_URL ??
              serverUrl.replace(/\/\/(127\.0\.0\.1|0\.0\.0\.0|\[::1?\])(?=:)/, '//localhost'),
            trustedOrigins: allowedOrigins,
            masterKey: key,
            providers: env.signInProviders,
          }),
      };
      if ((await session.store.users.countAdmins()) === 0) {
        err('arcflow serve: no admin yet; add one with: arcflow user add <name> --role admin');
      }
    }
    const server = await startRunnerServer({
      deps: { session, service, bus, logger, runnerId },
      host: options.host,
      port: options.port,
      policy: {
        token: team ? undefined : env.ARCFLOW_TOKEN,
        allowedOrigins,
        loopbackOnly: loopback,
      },
      ...(teamOptions ? { team: teamOptions } : {}),
      metrics: { metrics, token: session.env.ARCFLOW_METRICS_TOKEN },
    });
    cleanups.push(() => server.close());
    worker.start();
    const queueWatch = new QueueWatch(session, {
      maxActiveRuns: session.env.ARCFLOW_MAX_RUNS,
      staleAfterMs: STALE_AFTER_MS,
      everyMs: QUEUE_WATCH_MS,
      logger,
    });
    queueWatch.start();
    cleanups.push(() => queueWatch.stop());
    const schedules = new ScheduleLoop(session, service, { runnerId, logger });
    await schedules.start();
    cleanups.push(() => schedules.stop());
    cleanups.push(startArtifactRetention(session, logger));

    const { kind, location } = session.db;
    logger.info(
      { url: server.url, database: location, kind, runnerId, labels, tracing: spans !== undefined },
      'listening',
    );
    err(
      `arcflow serve: listening on ${server.url} (${kind === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'} ${location})${team ? ', team mode' : ''}${labels.length > 0 ? `, labels ${labels.join(', ')}` : ''}`,
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

function runnerLabels(value: string | undefined): string[] {
  try {
    return parseRunnerLabels(value ?? '');
  } catch (error) {
    throw new UserError(`--labels: ${(error as Error).message}`);
  }
}

/**
 * The origins a browser may call a team-mode runner from: they must be same-site with the
 * runner's public address, or the browser would not send the session cookie. The defaults
 * keep only those that are; origins set explicitly that are not stop the start.
 */
function teamOrigins(env: ServerEnv, port: number): string[] {
  const publicUrl = env.ARCFLOW_PUBLIC_URL ?? `http://localhost:${port || 4100}`;
  const origins = env.ARCFLOW_ALLOWED_ORIGINS;
  const defaults =
    origins.length === DEFAULT_ALLOWED_ORIGINS.length &&
    origins.every((origin, i) => origin === DEFAULT_ALLOWED_ORIGINS[i]);
  const crossSite = origins.filter((origin) => !isSameSite(origin, publicUrl));
  if (crossSite.length > 0 && !defaults) {
    throw new UserError(
      `--team: ${crossSite.join(', ')} is not the same site as ${publicUrl}, so a browser there would not send the sign-in cookie; serve the web app on the same host (e.g. http://localhost:3000 with http://localhost:4100) or set ARCFLOW_PUBLIC_URL/ARCFLOW_ALLOWED_ORIGINS to match`,
    );
  }
  return origins.filter((origin) => isSameSite(origin, publicUrl));
}
