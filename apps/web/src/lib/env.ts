/**
 * Where the runner is. The web app learns it when it starts, not when it is built, so one
 * build serves any port: the root layout reads `ARCFLOW_API_URL` on the server and hands
 * the endpoints to the browser.
 */
const DEFAULT_API = 'http://127.0.0.1:4100';

export interface RunnerEndpoints {
  /** The runner's HTTP base, e.g. `http://127.0.0.1:4100`. */
  apiUrl: string;
  /** The runner's WebSocket, on the same host and port. */
  wsUrl: string;
}

export function runnerEndpoints(raw: string | undefined): RunnerEndpoints {
  let api: URL;
  try {
    api = new URL(raw?.trim() || DEFAULT_API);
  } catch {
    api = new URL(DEFAULT_API);
  }
  const path = api.pathname.replace(/\/$/, '');
  return {
    apiUrl: api.origin + path,
    wsUrl: (api.protocol === 'https:' ? 'wss://' : 'ws://') + api.host + path,
  };
}

/** The runner's endpoints from `ARCFLOW_API_URL`; called on the server, when a page renders. */
export const runnerEndpointsFromEnv = (): RunnerEndpoints =>
  runnerEndpoints(process.env.ARCFLOW_API_URL);
