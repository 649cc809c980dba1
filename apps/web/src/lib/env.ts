/**
 * The one place the web app reads its environment. `NEXT_PUBLIC_*` values are inlined at
 * build time, so they must be read with their literal names.
 */
const DEFAULT_API = 'http://127.0.0.1:4100';

function parseApiUrl(raw: string | undefined): URL {
  try {
    return new URL(raw?.trim() || DEFAULT_API);
  } catch {
    return new URL(DEFAULT_API);
  }
}

const api = parseApiUrl(process.env.NEXT_PUBLIC_ARCFLOW_API);

export const env = {
  /** The runner's HTTP base, e.g. `http://127.0.0.1:4100`. */
  apiUrl: api.origin + api.pathname.replace(/\/$/, ''),
  /** The runner's WebSocket, on the same host and port. */
  wsUrl:
    (api.protocol === 'https:' ? 'wss://' : 'ws://') + api.host + api.pathname.replace(/\/$/, ''),
} as const;
