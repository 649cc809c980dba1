import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessPolicy } from '../server/guard.ts';
import { createRunnerMetrics } from './metrics.ts';
import { createMetricsEndpoint } from './metrics-endpoint.ts';

const LOCAL: AccessPolicy = { token: undefined, allowedOrigins: [], loopbackOnly: true };
const servers: Server[] = [];

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** `/metrics` alone on a real HTTP server, with the given rule for who may read it. */
async function serveMetrics(options: {
  policy?: AccessPolicy;
  team?: boolean;
  token?: string;
}): Promise<string> {
  const metrics = createRunnerMetrics();
  metrics.runsStarted.inc({ workflow: 'deploy', how: 'start' });
  const endpoint = createMetricsEndpoint({
    metrics,
    policy: options.policy ?? LOCAL,
    team: options.team ?? false,
    token: options.token,
  });
  const server = createServer((req, res) => void endpoint(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

describe('who may read /metrics', () => {
  it('local mode: whoever passes the API guard, as Prometheus text', async () => {
    const url = await serveMetrics({});
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(
      'arcflow_runs_started_total{workflow="deploy",how="start"} 1',
    );
    const withToken = await serveMetrics({ policy: { ...LOCAL, token: 'shared' } });
    expect((await fetch(withToken)).status).toBe(401);
    expect((await fetch(withToken, { headers: { authorization: 'Bearer shared' } })).status).toBe(
      200,
    );
  });

  it('team mode: nobody until ARCFLOW_METRICS_TOKEN is set, then only its holder', async () => {
    const closed = await serveMetrics({ team: true });
    const refused = await fetch(closed);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('ARCFLOW_METRICS_TOKEN');

    const open = await serveMetrics({ team: true, token: 'scrape-me' });
    expect((await fetch(open)).status).toBe(401);
    expect((await fetch(open, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(open, { headers: { authorization: 'Bearer scrape-me' } })).status).toBe(
      200,
    );
  });

  it('never a browser page', async () => {
    const url = await serveMetrics({ token: 'scrape-me' });
    const res = await fetch(url, {
      headers: { authorization: 'Bearer scrape-me', origin: 'http://localhost:3000' },
    });
    expect(res.status).toBe(403);
  });
});
