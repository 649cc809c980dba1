import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER, clientIp, stampClientIp } from './client-ip.ts';

const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers: { ...headers } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it("is the socket's address, whatever headers the client sends", () => {
    const req = request('::ffff:203.0.113.7', {
      'x-forwarded-for': '1.2.3.4',
      [CLIENT_IP_HEADER]: '5.6.7.8',
    });
    expect(clientIp(req, [])).toBe('203.0.113.7');
    expect(stampClientIp(req, [])).toBe('203.0.113.7');
    expect(req.headers[CLIENT_IP_HEADER]).toBe('203.0.113.7');
  });

  it('believes X-Forwarded-For only from a trusted proxy, taking the last hop that is not one', () => {
    const forwarded = { 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 10.0.0.2' };
    expect(clientIp(request('10.0.0.1', forwarded), ['10.0.0.1', '10.0.0.2'])).toBe('198.51.100.4');
    expect(clientIp(request('192.0.2.9', forwarded), ['10.0.0.1'])).toBe('192.0.2.9');
  });
});
