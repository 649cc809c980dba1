/**
 * Where the runner is. The web app learns it when it starts, not when it is built, so one
 * build serves any port: the root layout reads `ARCFLOW_API_URL` on the server and hands
 * the endpoints to the browser.
 *
 * In team mode the session cookie only travels when the web app and the runner are the same
 * site: `localhost:3000` with `127.0.0.1:4100` is two sites. So without `ARCFLOW_API_URL` the
 * runner is port 4100 on the host the page was opened at, and a loopback runner URL takes
 * the page's loopback name (`127.0.0.1` ↔ `localhost`).
 */
const DEFAULT_PORT = '4100';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface RunnerEndpoints {
  /** The runner's HTTP base, e.g. `http://localhost:4100`. */
  apiUrl: string;
  /** The runner's WebSocket, on the same host and port. */
  wsUrl: string;
}

/** `pageHost`: the `Host` the browser asked for (`localhost:3000`), when known. */
export function runnerEndpoints(
  raw: string | undefined,
  pageHost?: string | null,
): RunnerEndpoints {
  const pageName = hostname(pageHost);
  const fallback = `http://${pageName ?? '127.0.0.1'}:${DEFAULT_PORT}`;
  let api: URL;
  try {
    api = new URL(raw?.trim() || fallback);
  } catch {
    api = new URL(fallback);
  }
  if (pageName && LOOPBACK.has(pageName) && LOOPBACK.has(api.hostname)) {
    api.hostname = pageName;
  }
  const path = api.pathname.replace(/\/$/, '');
  return {
    apiUrl: api.origin + path,
    wsUrl: (api.protocol === 'https:' ? 'wss://' : 'ws://') + api.host + path,
  };
}

function hostname(host: string | null | undefined): string | null {
  if (!host) return null;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

/** The runner's endpoints from `ARCFLOW_API_URL`; called on the server, when a page renders. */
export const runnerEndpointsFromEnv = (pageHost?: string | null): RunnerEndpoints =>
  runnerEndpoints(process.env.ARCFLOW_API_URL, pageHost);
