import type { ServerResponse } from 'node:http';
import type { ApiDeps } from '../api/context.ts';
import { sendJson } from './send-json.ts';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * `GET /healthz`: 200 with the database kind and the runner's id when the database answers
 * `SELECT 1` within `timeoutMs`, else 503 with why.
 */
export function createHealthCheck(deps: ApiDeps, timeoutMs: number) {
  return async (res: ServerResponse): Promise<void> => {
    try {
      await withTimeout(deps.session.db.prisma.$queryRaw`SELECT 1`, timeoutMs);
      sendJson(res, 200, {
        ok: true,
        database: 'reachable',
        kind: deps.session.db.kind,
        runnerId: deps.runnerId,
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'health check: database unreachable');
      sendJson(res, 503, { ok: false, database: 'unreachable', error: (error as Error).message });
    }
  };
}
