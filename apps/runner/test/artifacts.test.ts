import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3BlobStore } from '../src/storage/s3-blob-store.ts';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';
import { type S3TestServer, startS3Server } from './helpers/s3-server.ts';
import { httpClient, rejection, startServe } from './helpers/serve.ts';
import { type ServedWorkspace, startServedWorkspace } from './helpers/served-workspace.ts';
import { TestWorkspace } from './helpers/workspace.ts';

const PIPELINE = `
name: pipeline
artifact_retention: 7d
steps:
  - id: build
    action: shell
    with:
      run: |
        mkdir -p dist/js coverage
        printf 'console.log("built")\\n' > dist/js/app.js
        printf 'SF:app.js\\n' > coverage/lcov.info
        head -c 300000 /dev/urandom > dist/blob.bin
    artifacts: [dist, coverage/lcov.info, "reports/*.xml"]
  - id: clean
    action: shell
    depends_on: build
    with: { run: "rm -rf dist coverage" }
  - id: use
    action: shell
    depends_on: clean
    needs_artifacts: [build]
    with:
      run: |
        cat dist/js/app.js coverage/lcov.info > used.txt
        sha256sum dist/blob.bin >> used.txt
`;

const LEAK = `
name: leak
steps:
  - id: build
    action: shell
    with: { run: "mkdir -p out && ln -sf /etc/hostname out/host" }
    artifacts: ["out/*"]
`;

const GATE = `
name: gate
steps:
  - id: review
    action: request-review
    universe: ceremony
    with: { prompt: Ship it? }
`;

interface ArtifactJson {
  id: string;
  stepId: string;
  attempt: number;
  path: string;
  size: number;
  sha256: string;
  downloadPath: string;
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('step artifacts on PostgreSQL, through arcflow run and arcflow serve', () => {
  let served: ServedWorkspace;
  let run: RunJson;
  let artifacts: ArtifactJson[];
  const blobDir = () => join(served.ws.dir, '.mia', 'artifacts', 'runs', run.id);

  beforeAll(async () => {
    served = await startServedWorkspace({ pipeline: PIPELINE, leak: LEAK, gate: GATE });
    const ran = await cliJson<RunJson>(['run', 'pipeline', '--json'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    expect(ran.code, JSON.stringify(ran.json)).toBe(0);
    run = ran.json;
    artifacts = await httpClient(served.serve.url).runs.artifacts.query({ runId: run.id });
  });
  afterAll(async () => {
    await served?.close();
  });

  it('keeps the files a step matched, and places them for a downstream step after they were deleted', async () => {
    expect(artifacts.map((a) => [a.stepId, a.attempt, a.path, a.size])).toEqual([
      ['build', 1, 'coverage/lcov.info', 10],
      ['build', 1, 'dist/blob.bin', 300_000],
      ['build', 1, 'dist/js/app.js', 21],
    ]);
    const blob = artifacts.find((a) => a.path === 'dist/blob.bin');
    // `use` read the files back from the store: the bytes the build wrote, hash and all.
    expect(served.ws.read('used.txt')).toBe(
      `console.log("built")\nSF:app.js\n${blob?.sha256}  dist/blob.bin\n`,
    );
    const logs = await cli(['logs', run.id], { cwd: served.ws.dir, env: served.env() });
    expect(logs.stdout).toContain('build │ warning: artifacts: no files match "reports/*.xml"');
    expect(logs.stdout).toContain('build │ artifacts: kept 3 files (300031 bytes)');
    expect(logs.stdout).toContain(
      'use   │ needs_artifacts: placed 3 files of build (300031 bytes)',
    );
  });

  it('serves each artifact over HTTP with its length, type and a safe file name', async () => {
    const app = artifacts.find((a) => a.path === 'dist/js/app.js') as ArtifactJson;
    const res = await fetch(`${served.serve.url}${app.downloadPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe('21');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="app.js"');
    expect(await res.text()).toBe('console.log("built")\n');

    const blob = artifacts.find((a) => a.path === 'dist/blob.bin') as ArtifactJson;
    const bytes = Buffer.from(
      await (await fetch(`${served.serve.url}${blob.downloadPath}`)).arrayBuffer(),
    );
    expect(bytes.length).toBe(300_000);
  });

  it('refuses download URLs that name a path, another run or nothing it recorded', async () => {
    const { port } = served.serve;
    const app = artifacts[0] as ArtifactJson;
    for (const path of [
      `/api/runs/${run.id}/artifacts/../../../../etc/passwd`,
      `/api/runs/${run.id}/artifacts/..%2F..%2F.mia%2Fstate%2Fsecret.key`,
      `/api/runs/${run.id}/artifacts/dist%2Fjs%2Fapp.js`,
      `/api/runs/../../etc/artifacts/${app.id}`,
      `/api/runs/zzzzzzzzz/artifacts/${app.id}`,
    ]) {
      const res = await rawGet(port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('root:');
    }
  });

  it('lists and downloads from the CLI', async () => {
    const env = served.env();
    const listed = await cli(['artifacts', run.id], { cwd: served.ws.dir, env });
    expect(listed.stdout.split('\n')).toEqual([
      'STEP     SIZE  PATH',
      'build    10 B  coverage/lcov.info',
      'build  300 kB  dist/blob.bin',
      'build    21 B  dist/js/app.js',
      '',
    ]);
    const json = await cliJson<ArtifactJson[]>(['artifacts', run.id, '--json'], {
      cwd: served.ws.dir,
      env,
    });
    expect(json.json).toEqual(artifacts);

    const dir = mkdtempSync(join(tmpdir(), 'arcflow-download-'));
    try {
      const downloaded = await cli(['artifacts', run.id, '--download', dir], {
        cwd: served.ws.dir,
        env,
      });
      expect(downloaded.stdout).toBe(`3 files of run ${run.id} written to ${dir}\n`);
      expect(readFileSync(join(dir, 'build/dist/js/app.js'), 'utf8')).toBe(
        'console.log("built")\n',
      );
      expect(readFileSync(join(dir, 'build/coverage/lcov.info'), 'utf8')).toBe('SF:app.js\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('places the artifacts of a step a rerun took over from the run it re-tells', async () => {
    const env = served.env();
    for (const left of ['used.txt', 'dist', 'coverage']) {
      rmSync(join(served.ws.dir, left), { recursive: true, force: true });
    }
    const rerun = await cli(['rerun', run.id, '--only', 'use', '--yes'], {
      cwd: served.ws.dir,
      env,
    });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(served.ws.read('used.txt')).toContain('console.log("built")\nSF:app.js\n');
    const rerunId = /· run (\w{9}) ·/.exec(rerun.stdout)?.[1] ?? '';
    expect(rerunId).not.toBe(run.id);
    const logs = await cli(['logs', rerunId, 'use'], { cwd: served.ws.dir, env });
    expect(logs.stdout).toContain('needs_artifacts: placed 3 files of build (300031 bytes)');
  });

  it('fails a step whose glob reaches a file outside the workspace through a link', async () => {
    const ran = await cliJson<RunJson>(['run', 'leak', '--json'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    expect(ran.code).toBe(1);
    const step = ran.json.steps.find((s) => s.id === 'build');
    expect(step?.status).toBe('failed');
    expect(JSON.stringify(step)).toContain(
      'artifacts: out/host is a link to /etc/hostname, outside the workspace; it is not kept',
    );
    const listed = await httpClient(served.serve.url).runs.artifacts.query({ runId: ran.json.id });
    expect(listed).toEqual([]);
  });

  it('prunes expired artifacts when arcflow serve starts', async () => {
    const second = await cliJson<RunJson>(['run', 'pipeline', '--json'], {
      cwd: served.ws.dir,
      env: served.env(),
    });
    expect(second.code).toBe(0);
    const secondDir = join(served.ws.dir, '.mia', 'artifacts', 'runs', second.json.id);
    expect(existsSync(secondDir)).toBe(true);
    const client = new pg.Client({ connectionString: served.db.url });
    await client.connect();
    try {
      await client.query(
        `UPDATE artifacts SET expires_at = now() - interval '1 minute' WHERE run_id = $1`,
        [second.json.id],
      );
      await served.serve.stop();
      served.serve = await startServe({ cwd: served.ws.dir, env: served.env() });
      // Blobs go first, then the rows: wait for both.
      const rowsLeft = async () =>
        (
          await client.query('SELECT count(*)::int AS n FROM artifacts WHERE run_id = $1', [
            second.json.id,
          ])
        ).rows[0].n as number;
      const deadline = Date.now() + 15_000;
      while ((existsSync(secondDir) || (await rowsLeft()) > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(existsSync(secondDir)).toBe(false);
      expect(await rowsLeft()).toBe(0);
      // The first run's artifacts are not expired: untouched.
      expect(existsSync(blobDir())).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('deletes an ended run with its artifacts, audited, and refuses one still active', async () => {
    const api = httpClient(served.serve.url);
    const waiting = await api.runs.start.mutate({ workflow: 'gate' });
    const deadline = Date.now() + 30_000;
    while ((await api.runs.get.query({ runId: waiting.id })).status !== 'waiting') {
      if (Date.now() > deadline) throw new Error('the gate run never waited');
      await new Promise((r) => setTimeout(r, 100));
    }
    const refused = await rejection(api.runs.delete.mutate({ runId: waiting.id }));
    expect(refused.message).toBe(
      `run ${waiting.id} is waiting; cancel it and wait for it to end before deleting it`,
    );

    expect(existsSync(blobDir())).toBe(true);
    expect(await api.runs.delete.mutate({ runId: run.id })).toEqual({
      runId: run.id,
      artifacts: 3,
    });
    const client = new pg.Client({ connectionString: served.db.url });
    await client.connect();
    try {
      const audit = await client.query(
        `SELECT action FROM audit_log WHERE target_id = $1 AND action = 'run.delete'`,
        [run.id],
      );
      expect(audit.rowCount).toBe(1);
    } finally {
      await client.end();
    }
    expect(existsSync(blobDir())).toBe(false);
    const gone = await rejection(api.runs.artifacts.query({ runId: run.id }));
    expect(gone.message).toBe(`no run "${run.id}"`);
    const res = await fetch(`${served.serve.url}${artifacts[0]?.downloadPath}`);
    expect(res.status).toBe(404);
  });
});

describe('step artifacts in an S3-compatible bucket (s3rver)', () => {
  let s3: S3TestServer;
  let ws: TestWorkspace;
  beforeAll(async () => {
    s3 = await startS3Server('arcflow-artifacts');
    ws = new TestWorkspace();
    ws.workflow('pipeline', PIPELINE);
  });
  afterAll(async () => {
    await s3?.stop();
    ws?.remove();
  });

  it('keeps the files in the bucket and places them from there', async () => {
    const env = {
      DATABASE_URL: undefined,
      ARCFLOW_STORE_URL: `s3://${s3.bucket}/team-a`,
      ARCFLOW_S3_ENDPOINT: s3.endpoint,
      ARCFLOW_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    const ran = await cliJson<RunJson>(['run', 'pipeline', '--json'], { cwd: ws.dir, env });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ws.read('used.txt')).toContain('console.log("built")\nSF:app.js\n');
    expect(ws.exists('.mia/artifacts')).toBe(false);
    const bucket = new S3BlobStore({
      bucket: s3.bucket,
      prefix: 'team-a/artifacts',
      endpoint: s3.endpoint,
      region: 'us-east-1',
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
    });
    const keys: string[] = [];
    for await (const entry of bucket.list(`runs/${ran.json.id}/`)) keys.push(entry.key);
    expect(keys).toEqual([
      `runs/${ran.json.id}/build/1/coverage/lcov.info`,
      `runs/${ran.json.id}/build/1/dist/blob.bin`,
      `runs/${ran.json.id}/build/1/dist/js/app.js`,
    ]);

    const bad = await cli(['run', 'pipeline'], {
      cwd: ws.dir,
      env: { ...env, AWS_SECRET_ACCESS_KEY: '' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'invalid environment variable AWS_SECRET_ACCESS_KEY: is required with an s3:// ARCFLOW_STORE_URL',
    );
  });
});
