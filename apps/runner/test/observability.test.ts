import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, type ServeProcess, startServe, wsClient } from './helpers/serve.ts';
import { TestWorkspace, waitForAsync } from './helpers/workspace.ts';

const WORKFLOW = `
name: traced
narrative: "A story told twice"
steps:
  - id: one
    action: shell
    beat: "The first beat lands"
    with: { run: "echo parent=$TRACEPARENT; sleep 1.2" }
  - id: two
    action: shell
    depends_on: [one]
    with: { run: "echo broken; exit 3" }
`;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string | number } }>;
  status?: { code?: number; message?: string };
}

/** A collector's OTLP/HTTP trace endpoint, JSON only: what it received, span by span. */
async function startOtlpReceiver(): Promise<{ url: string; spans: OtlpSpan[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        const payload = JSON.parse(body) as {
          resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
        };
        for (const resource of payload.resourceSpans)
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

const attribute = (span: OtlpSpan | undefined, key: string) => {
  const value = span?.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

/** The value of one sample of `/metrics` (undefined when it is not there). */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('what a serving runner tells monitoring: /metrics, traces and logs', () => {
  let ws: TestWorkspace;
  let cleanup: () => Promise<void>;
  let db: TestPostgresDatabase;
  let serve: ServeProcess;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    const created = await createTestWorkspace();
    ws = new TestWorkspace(created.dir);
    cleanup = created.cleanup;
    db = await createTestPostgresDatabase();
    receiver = await startOtlpReceiver();
    ws.workflow('traced', WORKFLOW);
    serve = await startServe({
      cwd: ws.dir,
      // A lease renewed every second, so the first step (1.2 s) sees one.
      args: ['--lease-ms', '3000'],
      env: {
        DATABASE_URL: db.url,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        ARCFLOW_LOG_LEVEL: 'info',
      },
    });
  });
  afterAll(async () => {
    await serve?.stop();
    receiver?.server.close();
    await db?.drop();
    await cleanup?.();
  });

  it('counts runs and steps by workflow and status, traces each telling and attempt, and logs JSON when piped', async () => {
    const api = httpClient(serve.url);
    const settled = async (runId: string, resumeCount: number) =>
      waitForAsync(
        async () => {
          const run = await api.runs.get.query({ runId });
          return run.status === 'failed' && run.resumeCount === resumeCount && run;
        },
        30_000,
        `run ${runId} to fail`,
      );
    const live = wsClient(serve.url);
    const { id: runId } = await api.runs.start.mutate({ workflow: 'traced' });
    await settled(runId, 0);
    await api.runs.resume.mutate({ runId });
    await settled(runId, 1);

    const scraped = await fetch(`${serve.url}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    const metrics = await scraped.text();
    const traced = { workflow: 'traced' };
    expect(sample(metrics, 'arcflow_runs_started_total', { ...traced, how: 'start' })).toBe(1);
    expect(sample(metrics, 'arcflow_runs_started_total', { ...traced, how: 'resume' })).toBe(1);
    expect(sample(metrics, 'arcflow_runs_finished_total', { ...traced, status: 'failed' })).toBe(2);
    // The resume runs only what failed: `two` a second time.
    expect(sample(metrics, 'arcflow_steps_started_total', traced)).toBe(3);
    expect(
      sample(metrics, 'arcflow_steps_finished_total', { ...traced, status: 'succeeded' }),
    ).toBe(1);
    expect(sample(metrics, 'arcflow_steps_finished_total', { ...traced, status: 'failed' })).toBe(
      2,
    );
    expect(
      sample(metrics, 'arcflow_step_duration_seconds_count', { ...traced, status: 'failed' }),
    ).toBe(2);
    expect(sample(metrics, 'arcflow_queue_wait_seconds_count')).toBe(1);
    expect(sample(metrics, 'arcflow_runs_claimed_total', { how: 'start' })).toBe(1);
    expect(sample(metrics, 'arcflow_runs_claimed_total', { how: 'resume' })).toBe(1);
    expect(sample(metrics, 'arcflow_lease_takeovers_total')).toBe(0);
    expect(sample(metrics, 'arcflow_lease_renewals_total', { result: 'renewed' })).toBeGreaterThan(
      0,
    );
    // At least one commit per telling (group commit may fold a tick's transitions into one).
    expect(sample(metrics, 'arcflow_event_commit_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(sample(metrics, 'arcflow_queue_depth')).toBe(0);
    expect(sample(metrics, 'arcflow_websocket_clients')).toBe(1);
    expect(sample(metrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Labels name workflows and fixed words only: no run ids.
    expect(metrics).not.toContain(runId);
    live.close();

    // A browser page may not read it.
    const fromPage = await fetch(`${serve.url}/metrics`, {
      headers: { origin: 'http://localhost:3000' },
    });
    expect(fromPage.status).toBe(403);

    const logs = await api.runs.logs.query({ runId, stepId: 'one' });
    const printed = /parent=(00-([0-9a-f]{32})-([0-9a-f]{16})-01)/.exec(JSON.stringify(logs));
    expect(printed, 'the step printed its TRACEPARENT').not.toBeNull();
    const [, , traceId, stepOneSpanId] = printed as RegExpExecArray;

    // Stopping flushes what the exporter still holds.
    expect(await serve.stop()).toBe(0);
    const spans = receiver.spans;
    expect(spans.every((span) => span.traceId === traceId)).toBe(true);
    const [first, resumed] = [
      spans.find((span) => span.name === 'run traced'),
      spans.find((span) => span.name === 'run traced (resumed)'),
    ];
    expect(first?.parentSpanId ?? '').toBe('');
    expect(attribute(first, 'arcflow.run_id')).toBe(runId);
    expect(attribute(first, 'arcflow.workflow')).toBe('traced');
    expect(attribute(first, 'arcflow.trigger')).toBe('manual');
    expect(attribute(first, 'arcflow.status')).toBe('failed');
    expect(attribute(first, 'arcflow.narrative')).toBe('A story told twice');
    expect(String(attribute(first, 'arcflow.tension'))).toContain('two');
    expect(first?.status?.code).toBe(2);
    expect(resumed?.parentSpanId).toBe(first?.spanId);
    expect(attribute(resumed, 'arcflow.telling')).toBe(1);

    const one = spans.find((span) => span.name === 'step one');
    expect(one?.spanId).toBe(stepOneSpanId);
    expect(one?.parentSpanId).toBe(first?.spanId);
    expect(attribute(one, 'arcflow.step_id')).toBe('one');
    expect(attribute(one, 'arcflow.attempt')).toBe(1);
    expect(attribute(one, 'arcflow.status')).toBe('succeeded');
    expect(attribute(one, 'arcflow.beat')).toBe('The first beat lands');
    expect(attribute(one, 'arcflow.story')).toContain('The first beat lands');
    expect(BigInt(one?.endTimeUnixNano ?? 0)).toBeGreaterThan(BigInt(one?.startTimeUnixNano ?? 0));

    const twos = spans.filter((span) => span.name === 'step two');
    expect(twos.map((span) => attribute(span, 'arcflow.attempt')).sort()).toEqual([1, 2]);
    const secondTwo = twos.find((span) => attribute(span, 'arcflow.attempt') === 2);
    expect(secondTwo?.parentSpanId).toBe(resumed?.spanId);
    expect(attribute(secondTwo, 'process.exit.code')).toBe(3);
    expect(attribute(secondTwo, 'arcflow.status')).toBe('failed');

    // Piped stderr gets one JSON object a line.
    const listening = serve
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; tracing?: boolean })
      .find((entry) => entry.msg === 'listening');
    expect(listening?.tracing).toBe(true);
  });
});
