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
