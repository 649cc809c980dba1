import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AccessPolicy, bearerToken, checkAccess, tokenMatches } from '../server/guard.ts';
import { sendJson } from '../server/send-json.ts';
import type { RunnerMetrics } from './metrics.ts';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpointOptions {
  metrics: RunnerMetrics;
  /** The API's guard, which local mode applies when no metrics token is set. */
  policy: AccessPolicy;
  team: boolean;
  /** `ARCFLOW_METRICS_TOKEN`: when set, the one credential `/metrics` takes. */
  token: string | undefined;
}

/**
 * `GET /metrics` in Prometheus' text format. Who may read it: with `ARCFLOW_METRICS_TOKEN`,
 * whoever sends it as a Bearer token; without, in local mode whoever passes the API's guard
 * (loopback, `ARCFLOW_TOKEN` if set), in team mode nobody (sign-in sessions and people's
 * tokens are not for scrapers). Browsers never: the figures are for monitoring systems.
 */
export function createMetricsEndpoint(options: MetricsEndpointOptions) {
  const { metrics, policy, team, token } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendJson(res, 405, { error: 'GET /metrics' });
      return;
    }
    if (req.headers.origin !== undefined) {
      sendJson(res, 403, { error: '/metrics is for monitoring systems, not browsers' });
      return;
    }
    if (token !== undefined) {
      if (!tokenMatches({ ...policy, token }, bearerToken(req))) {
        res.setHeader('www-authenticate', 'Bearer');
        sendJson(res, 401, {
          error: '/metrics needs Authorization: Bearer <ARCFLOW_METRICS_TOKEN>',
        });
        return;
      }
    } else if (team) {
      sendJson(res, 403, {
        error:
          '/metrics is off in team mode until ARCFLOW_METRICS_TOKEN is set; set it on the runner and give it to your scraper as a Bearer token',
      });
      return;
    } else {
      const verdict = checkAccess(req, policy);
      if (!verdict.ok) {
        if (verdict.status === 401) res.setHeader('www-authenticate', 'Bearer');
        sendJson(res, verdict.status, { error: verdict.message });
        return;
      }
    }
    const body = await metrics.registry.metrics();
    res.statusCode = 200;
    res.setHeader('content-type', metrics.registry.contentType);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
