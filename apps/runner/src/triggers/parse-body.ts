import { jsonNestsDeeperThan, MAX_NESTING_DEPTH } from '@arcflow/engine';

/**
 * A webhook body as JSON: `application/json` (or any `+json` type), or GitHub's
 * `application/x-www-form-urlencoded` form whose `payload` field holds the JSON.
 */
export type ParsedBody =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 415; reason: string };

export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)) {
    return parseJson(raw.toString('utf8'), 'the body');
  }
  if (type === 'application/x-www-form-urlencoded') {
    const payload = new URLSearchParams(raw.toString('utf8')).get('payload');
    if (payload === null) {
      return { ok: false, status: 400, reason: 'the form has no payload field with the JSON' };
    }
    return parseJson(payload, 'the payload field');
  }
  return {
    ok: false,
    status: 415,
    reason: `content type ${JSON.stringify(type || '(none)')} is not accepted; send application/json`,
  };
}

function parseJson(text: string, what: string): ParsedBody {
  // What walks the payload recurses per level, and parsing a million levels is slow: refuse first.
  if (jsonNestsDeeperThan(text, MAX_NESTING_DEPTH)) {
    const reason = `${what} nests more than ${MAX_NESTING_DEPTH} levels deep (arrays and objects inside each other); send a flatter payload`;
    return { ok: false, status: 400, reason };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, status: 400, reason: `${what} is not JSON: ${(error as Error).message}` };
  }
}
