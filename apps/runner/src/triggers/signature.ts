import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures. GitHub's `X-Hub-Signature-256` and Arcflow's own
 * `X-Arcflow-Signature-256` share one format, `sha256=<hex HMAC-SHA256 of the raw body>`, so a
 * sender written for GitHub works unchanged; GitLab sends the secret itself as `X-Gitlab-Token`.
 * Every comparison takes the same time whatever the first differing byte.
 */

const PREFIX = 'sha256=';

/** `sha256=<hex>` of `body` with `secret`, as senders put it in the signature header. */
export function signBody(secret: string, body: Buffer | string): string {
  return `${PREFIX}${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether `header` is `sha256=<hex>` of `body` with `secret`. */
export function signatureMatches(
  secret: string,
  body: Buffer,
  header: string | undefined,
): boolean {
  if (header === undefined) return false;
  const given = header.trim().toLowerCase();
  if (!given.startsWith(PREFIX)) return false;
  return sameText(given, signBody(secret, body));
}

/** Constant-time equality of two strings (their lengths aside, which a digest or token fixes). */
export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
