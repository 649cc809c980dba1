import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The e2e package directory and the repository root. */
export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(E2E_DIR, '..');
export const WEB_DIR = join(REPO_ROOT, 'apps', 'web');

// Not the defaults (4100, 3000), so the tests run while a developer has `arcflow serve` and
// the web app running. The web app is told this runner with ARCFLOW_API_URL when it starts.
export const API_PORT = Number(process.env.E2E_API_PORT ?? 4199);
export const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 3199);
export const API_URL = `http://127.0.0.1:${API_PORT}`;
export const WEB_URL = `http://localhost:${WEB_PORT}`;

/** Where the tests put their full-page screenshots (git-ignored; a CI artifact). */
export const SCREENSHOTS_DIR = join(E2E_DIR, 'screenshots');
/** The servers' logs and what global setup tells the tests (git-ignored). */
export const STATE_DIR = join(E2E_DIR, '.state');
/**
 * The tests' own build of the web app: a copy of apps/web's sources, so that building it
 * never disturbs an apps/web/.next that someone may be serving.
 * Under a directory named `.next`, which git and Biome already ignore.
 */
export const WEB_BUILD_DIR = join(E2E_DIR, '.next', 'web');

/** `E2E_WEB_BUILD`: `auto` (rebuild when sources changed), `always`, or `never`. */
export const WEB_BUILD_MODE = process.env.E2E_WEB_BUILD ?? 'auto';
/** `E2E_KEEP_WORKSPACE`: leave the tests' workspace on disk to look at it. */
export const KEEP_WORKSPACE = Boolean(process.env.E2E_KEEP_WORKSPACE);

/** This process's environment, for the servers global setup starts. */
export const processEnvironment = (): Record<string, string | undefined> => ({ ...process.env });

/** Global setup hands the workspace to the test workers (they inherit the environment). */
export function shareWorkspace(dir: string): void {
  process.env.E2E_WORKSPACE = dir;
}

/** The workspace the runner serves (made by global setup). */
export function sharedWorkspace(): string {
  const dir = process.env.E2E_WORKSPACE;
  if (!dir) throw new Error('E2E_WORKSPACE is not set: run the tests with `playwright test`');
  return dir;
}

// The team-mode stage: a second runner started with `--team` (sign-in required) and its own
// web app, on the next ports. Both on `localhost` — the session cookie needs them same-site.
export const TEAM_API_PORT = Number(process.env.E2E_TEAM_API_PORT ?? API_PORT + 1);
export const TEAM_WEB_PORT = Number(process.env.E2E_TEAM_WEB_PORT ?? WEB_PORT + 1);
export const TEAM_API_URL = `http://localhost:${TEAM_API_PORT}`;
export const TEAM_WEB_URL = `http://localhost:${TEAM_WEB_PORT}`;

/** The people of the team stage, added by global setup with `arcflow user add`. */
export const TEAM_USERS = [
  { username: 'olga', role: 'operator', password: 'olga-operator-pass' },
  { username: 'april', role: 'approver', password: 'april-approver-pass' },
  { username: 'vic', role: 'viewer', password: 'vic-viewer-pass' },
] as const;

/** Who the local stage's runner says the local person is. */
export const LOCAL_PERSON = 'Rita Reviewer';

export function shareTeamWorkspace(dir: string): void {
  process.env.E2E_TEAM_WORKSPACE = dir;
}

export function sharedTeamWorkspace(): string {
  const dir = process.env.E2E_TEAM_WORKSPACE;
  if (!dir) throw new Error('E2E_TEAM_WORKSPACE is not set: run the tests with `playwright test`');
  return dir;
}

/** The local stage's webhook secret (`ARCFLOW_WEBHOOK_SECRET`): tests sign deliveries with it. */
export const LOCAL_WEBHOOK_SECRET = 'e2e-webhook-secret';

/** The local stage's database, for tests that set a scene the API cannot (a run with an event). */
export function shareLocalDatabase(url: string): void {
  process.env.E2E_LOCAL_DATABASE_URL = url;
}

export function sharedLocalDatabase(): string {
  const url = process.env.E2E_LOCAL_DATABASE_URL;
  if (!url)
    throw new Error('E2E_LOCAL_DATABASE_URL is not set: run the tests with `playwright test`');
  return url;
}
