import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { childEnv } from './helpers/env.ts';

const START = join(import.meta.dirname, '../../../scripts/start.mjs');

function npmStart(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [START], {
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr };
}

describe('npm start, before it starts anything', () => {
  let taken: Server | undefined;
  afterEach(() => {
    taken?.close();
    taken = undefined;
  });

  it('names a port that is in use and the variable that picks another', async () => {
    taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken!.listen(0, '127.0.0.1', () => resolve((taken!.address() as { port: number }).port)),
    );
    const runner = npmStart({ ARCFLOW_PORT: String(port), PORT: '3377' });
    expect(runner.code).toBe(2);
    expect(runner.stderr.trim()).toBe(
      `arcflow: port ${port} (the runner) is in use. Stop what listens there, or pick another: ARCFLOW_PORT=${port + 1} npm start`,
    );
    const web = npmStart({ ARCFLOW_PORT: '4377', PORT: String(port) });
    expect(web.code).toBe(2);
    expect(web.stderr).toContain(`port ${port} (the web UI) is in use`);
    expect(web.stderr).toContain(`PORT=${port + 1} npm start`);
  });

  it('refuses a port that is not a number', () => {
    const result = npmStart({ ARCFLOW_PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'arcflow: ARCFLOW_PORT must be a port number (1-65535), got "eighty"',
    );
  });
});
