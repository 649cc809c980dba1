import { createHash, randomBytes } from 'node:crypto';

/** Every API token starts with this, so a leaked one is easy to recognise and search for. */
export const API_TOKEN_PREFIX = 'arc_';

/** A freshly made token: shown once; only `hash` (and the short `prefix`) are stored. */
export interface NewTokenSecret {
  token: string;
  hash: string;
  /** The first characters, stored to tell tokens apart in lists (`arc_3fK9…`). */
  prefix: string;
}

/** `arc_` + 32 random bytes in base64url. */
export function newApiToken(): NewTokenSecret {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) };
}

/** The sha256 (hex) the `api_tokens` table stores and looks tokens up by. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(API_TOKEN_PREFIX) && value.length > API_TOKEN_PREFIX.length + 20;
}

const DURATION_UNITS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * A token lifetime such as `30d`, `12h`, `2w` or `90m`, in milliseconds; undefined when the
 * text is not one (the caller names the flag in its message).
 */
export function parseTokenLifetime(text: string): number | undefined {
  const match = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = DURATION_UNITS[match[2] as string] as number;
  return amount > 0 ? amount * unit : undefined;
}
