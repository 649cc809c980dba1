// The environment of `npm start`, read in this one place.
import { resolve } from 'node:path';

function portFrom(variable, fallback) {
  const raw = process.env[variable]?.trim() || String(fallback);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`arcflow: ${variable} must be a port number (1-65535), got "${raw}"`);
    process.exit(2);
  }
  return port;
}

/** The workspace, both ports, the runner's allowed origins, and what children inherit. */
export function readStartEnv() {
  const workspace = resolve(process.env.ARCFLOW_WORKSPACE ?? process.env.INIT_CWD ?? process.cwd());
  const apiPort = portFrom('ARCFLOW_PORT', 4100);
  const webPort = portFrom('PORT', 3000);
  return {
    workspace,
    apiPort,
    webPort,
    // The browser calls the runner from the web app's origin, whatever port it is on.
    allowedOrigins:
      process.env.ARCFLOW_ALLOWED_ORIGINS ??
      `http://127.0.0.1:${webPort},http://localhost:${webPort}`,
    inherited: { ...process.env },
  };
}

/** This process's environment, for the tools a script starts. */
export const processEnvironment = () => ({ ...process.env });
