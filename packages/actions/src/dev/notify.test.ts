import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifyAction, redact } from './notify.ts';
import { failureOf, runAction } from './test-support.ts';

interface Received {
  method: string | undefined;
  headers: IncomingMessage['headers'];
  body: unknown;
}

let server: Server;
let base: string;
let received: Received[];
let answer: { status: number; body: string; delayMs?: number };

beforeEach(async () => {
  received = [];
  answer = { status: 200, body: 'ok' };
  server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method, headers: req.headers, body: JSON.parse(text) });
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('notify', () => {
  it('posts the message and payload as JSON', async () => {
    const { outputs, result } = await runAction(
      notifyAction,
      {
        url: `${base}/hooks/T000/secret`,
        message: 'v1.2.0 is out',
        payload: { channel: '#releases', blocks: [{ type: 'section' }] },
        headers: { authorization: 'Bearer abc' },
      },
      process.cwd(),
    );
    expect(outputs).toEqual({ status: 200 });
    expect(result.summary).toBe(`notified ${base}/…`);
    expect(received).toHaveLength(1);
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(received[0]?.headers.authorization).toBe('Bearer abc');
    expect(received[0]?.body).toEqual({
      text: 'v1.2.0 is out',
      channel: '#releases',
      blocks: [{ type: 'section' }],
    });
  });

  it('fails without retries on a 4xx, quoting the body', async () => {
    answer = { status: 404, body: `no_such_hook ${'x'.repeat(300)}` };
    const failure = await failureOf(
      runAction(notifyAction, { url: `${base}/hook`, message: 'hi' }, process.cwd()),
    );
    expect(failure.retriable).toBe(false);
    expect(failure.message).toBe(`POST ${base}/… answered 404 Not Found`);
    expect(failure.summary).toContain(`answered 404 Not Found: no_such_hook xxx`);
    expect(String(failure.details?.body).length).toBe(200);
  });

  it('fails with retries on a 5xx and when nobody answers', async () => {
    answer = { status: 503, body: 'try later' };
    const unavailable = await failureOf(
      runAction(notifyAction, { url: `${base}/hook`, message: 'hi' }, process.cwd()),
    );
    expect(unavailable.retriable).toBe(true);
    expect(unavailable.details).toEqual({ status: 503, body: 'try later' });

    const port = (server.address() as AddressInfo).port;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const refused = await failureOf(
      runAction(notifyAction, { url: `http://127.0.0.1:${port}/`, message: 'hi' }, process.cwd()),
    );
    expect(refused.retriable).toBe(true);
    expect(refused.summary).toContain('ECONNREFUSED');
  });

  it('stops when the step is canceled', async () => {
    answer = { status: 200, body: 'late', delayMs: 5000 };
    const controller = new AbortController();
    const running = runAction(notifyAction, { url: `${base}/`, message: 'hi' }, process.cwd(), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('canceled'), 50);
    const failure = await failureOf(running);
    expect(failure.reason).toBe('canceled');
  });

  it('accepts only http(s) urls and redacts their secrets', () => {
    expect(notifyAction.input.safeParse({ url: 'file:///etc/passwd', message: 'x' }).success).toBe(
      false,
    );
    expect(redact('https://hooks.slack.com/services/T0/B0/secret')).toBe(
      'https://hooks.slack.com/…',
    );
    expect(redact('https://example.com')).toBe('https://example.com');
  });
});
