import type { IncomingHttpHeaders } from 'node:http';
import type { Headers } from './adapted.ts';
import { textWithoutNul } from './without-nul.ts';

/** Node's headers as one string per lower-case name (repeated headers joined by `, `). */
export function flatHeaders(headers: IncomingHttpHeaders): Headers {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * Anything that could authenticate a request, custom headers (`X-Webhook-Key`, `X-Auth`,
 * `X-Hook-Key`) included: never stored with a delivery, so viewers never see it.
 */
const CREDENTIAL = /key|auth|sig|hmac|token|secret|cookie|passw|session|credential/i;

/**
 * Stored with a delivery (never taken from the sender): whose secrets verified it, as a JSON
 * array of workflow names, null for the workspace's. Redeliver serves the same workflows.
 */
export const VERIFIED_FOR_HEADER = 'x-arcflow-verified-for';

/** The headers kept with a delivery: signatures, tokens, cookies and credentials dropped. */
export function storableHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !CREDENTIAL.test(name) && name !== VERIFIED_FOR_HEADER)
      .map(([name, value]) => [name, textWithoutNul(value)]),
  );
}
