import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
} from '@arcflow/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliJson, startCli } from './helpers/cli.ts';
import { FlakyProxy } from './helpers/flaky-proxy.ts';
import { type RunJson, step } from './helpers/run-json.ts';
import { TestWorkspace, waitFor } from './helpers/workspace.ts';

describe('PostgreSQL going away under a running run', () => {
  let db: TestPostgresDatabase;
  let ws: TestWorkspace;
  let cleanupWorkspace: () => Promise<void>;
  let proxy: FlakyProxy;

  beforeEach(async () => {
    db = await createTestPostgresDatabase();
    const created = await createTestWorkspace();
    ws = new TestWorkspace(created.dir);
    cleanupWorkspace = created.cleanup;
    const url = new URL(db.url);
    proxy = new FlakyProxy(Number(url.port || 5432), url.hostname);
    await proxy.start();
  });
  afterEach(async () => {
    await proxy.stop();
    await db.drop();
    await cleanupWorkspace();
  });

  it('reports it, retries, and finishes the run with nothing lost once the database is back', async () => {
    ws.workflow(
      'patient',
      `
name: patient
steps:
  - id: before
    action: shell
    with: { run: "echo before" }
  - id: during
    action: shell
    depends_on: [before]
    with: { run: "touch during.started; for i in 1 2 3 4 5 6; do echo tick $i; sleep 0.5; done" }
  - id: after
    action: shell
    depends_on: [during]
    with: { run: "echo after" }
`,
    );
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const env = { DATABASE_URL: viaProxy.href };
    const running = startCli(['run', 'patient'], { cwd: ws.dir, env });
    await waitFor(() => ws.exists('during.started'), 20_000, 'the middle step to start');
    await proxy.outage(4000); // longer than the step: its result arrives while the database is away

    const result = await running.done;
    expect(result.code).toBe(0);
    // One line per notice, naming the driver's reason — not Prisma's code frame.
    expect(result.stderr).toMatch(/^arcflow: cannot reach the database \(.+\); retrying in /m);
    expect(result.stderr).not.toContain('invocation');

    const runId = /run ([a-z][0-9a-z]{8})/.exec(result.stdout)?.[1];
    const shown = await cliJson<RunJson>(['show', runId!, '--json'], {
      cwd: ws.dir,
      env: { DATABASE_URL: db.url },
    });
    expect(shown.json.status).toBe('succeeded');
    expect(shown.json.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(step(shown.json, 'during').attempts).toBe(1);
    const seqs = shown.json.events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const logs = await cliJson<unknown>(['runs', '--json'], {
      cwd: ws.dir,
      env: { DATABASE_URL: db.url },
    });
    expect(logs.code).toBe(0);
    const stepLogs = await startCli(['logs', runId!, 'during'], {
      cwd: ws.dir,
      env: { DATABASE_URL: db.url },
    }).done;
    for (let i = 1; i <= 6; i++) expect(stepLogs.stdout).toContain(`tick ${i}`);
  });
});
