import { describe, expect, it } from 'vitest';
import { storableHeaders } from './headers.ts';
import { parseBody } from './parse-body.ts';
import { signatureMatches, signBody } from './signature.ts';
import { deliveryIdOf, eventDeliveryId } from './sources.ts';

describe('signatures', () => {
  const body = Buffer.from('{"hello":"world"}');
  it('match GitHub’s sha256=<hex HMAC> and nothing else', () => {
    const header = signBody('s3cret', body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureMatches('s3cret', body, header)).toBe(true);
    expect(signatureMatches('s3cret', body, header.toUpperCase().replace('SHA256', 'sha256'))).toBe(
      true,
    );
    expect(signatureMatches('other', body, header)).toBe(false);
    expect(signatureMatches('s3cret', Buffer.from('{"hello":"World"}'), header)).toBe(false);
    expect(signatureMatches('s3cret', body, header.replace('sha256=', 'sha1='))).toBe(false);
    expect(signatureMatches('s3cret', body, undefined)).toBe(false);
  });
});

describe('what is stored of a delivery', () => {
  it('headers lose every credential', () => {
    expect(
      storableHeaders({
        'x-hub-signature-256': 'sha256=…',
        'x-hub-signature': 'sha1=…',
        'x-gitlab-token': 't',
        'x-arcflow-signature-256': 's',
        authorization: 'Bearer x',
        cookie: 'a=b',
        'x-api-key': 'k',
        'x-webhook-key': 'k',
        'x-auth': 'a',
        'x-access-key': 'k',
        'x-hook-key': 'k',
        'x-hmac': 'h',
        'x-github-event': 'push',
        'user-agent': 'GitHub-Hookshot/1',
      }),
    ).toEqual({ 'x-github-event': 'push', 'user-agent': 'GitHub-Hookshot/1' });
  });
});

describe('delivery ids', () => {
  const body = Buffer.from('{}');
  it("are the sender's, or the body's sha256; a generic one is kept under its workflow", () => {
    expect(deliveryIdOf({ source: 'github' }, { 'x-github-delivery': 'g-1' }, body)).toBe('g-1');
    expect(deliveryIdOf({ source: 'gitlab' }, {}, body)).toMatch(/^sha256-[0-9a-f]{64}$/);
    const generic = { source: 'generic', workflow: 'deploy' } as const;
    expect(deliveryIdOf(generic, { 'x-request-id': 'r-9' }, body)).toBe('deploy/r-9');
    expect(eventDeliveryId(generic, 'deploy/r-9-redelivery-1')).toBe('r-9-redelivery-1');
    // an id with spaces or control characters is not used as given
    expect(deliveryIdOf({ source: 'github' }, { 'x-github-delivery': 'a b\n' }, body)).toMatch(
      /^sha256-/,
    );
  });
});

describe('bodies', () => {
  it('JSON, or GitHub’s form with a payload field; other types are 415', () => {
    expect(parseBody('application/json; charset=utf-8', Buffer.from('{"a":1}'))).toEqual({
      ok: true,
      value: { a: 1 },
    });
    const form = `payload=${encodeURIComponent('{"zen":"hi"}')}`;
    expect(parseBody('application/x-www-form-urlencoded', Buffer.from(form))).toEqual({
      ok: true,
      value: { zen: 'hi' },
    });
    expect(parseBody('text/plain', Buffer.from('x'))).toMatchObject({ ok: false, status: 415 });
    expect(parseBody('application/json', Buffer.from('{'))).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

describe('GitLab delivery ids', () => {
  it('prefer the retry-stable Idempotency-Key over X-Gitlab-Event-UUID', () => {
    const body = Buffer.from('{}');
    expect(
      deliveryIdOf(
        { source: 'gitlab' },
        { 'idempotency-key': 'stable-1', 'x-gitlab-event-uuid': 'uuid-2' },
        body,
      ),
    ).toBe('stable-1');
    expect(deliveryIdOf({ source: 'gitlab' }, { 'x-gitlab-event-uuid': 'uuid-2' }, body)).toBe(
      'uuid-2',
    );
  });
});
