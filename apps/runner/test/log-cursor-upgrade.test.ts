import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, wsClient } from './helpers/serve.ts';
import { type ServedWorkspace, startServedWorkspace } from './helpers/served-workspace.ts';

// A step that prints only once the test lets it (a file appears in the workspace).
const WAITING = `
name: waiting
steps:
  - id: wait
    action: shell
    with: { run: "while [ ! -f go ]; do sleep 0.05; done; echo new 1; echo new 2" }
`;

describe('a log cursor kept from before logs were stored in chunks', () => {
  let served: ServedWorkspace;
  beforeAll(async () => {
    served = await startServedWorkspace({ waiting: WAITING });
  });
  afterAll(() => served?.close());

  /** Rows as the log_chunks migration leaves those written before it: one line each. */
  async function insertPreUpgradeRows(runId: string, texts: string[]): Promise<string[]> {
    const client = new pg.Client({ connectionString: served.db.url });
    await client.connect();
    try {
      const ids: string[] = [];
      for (const [i, text] of texts.entries()) {
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO "log_chunks" ("run_id", "step_id", "attempt", "stream", "text", "at",
             "first_line", "line_count", "bytes")
           VALUES ($1, 'wait', 1, 'stdout', $2, now(), $3, 1, $4) RETURNING "id"::text AS "id"`,
          [runId, text, i, Buffer.byteLength(text) + 1],
        );
        ids.push(rows[0]!.id);
      }
      return ids;
    } finally {
      await client.end();
    }
  }

  it('reads on after it, by page and live, without replaying the log', async () => {
    const api = httpClient(served.serve.url);
    const { id: runId } = await api.runs.start.mutate({ workflow: 'waiting' });
    for (;;) {
      const run = await api.runs.get.query({ runId });
      if (run.steps[0]?.status === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const oldIds = await insertPreUpgradeRows(runId, ['old 1', 'old 2', 'old 3']);
    const oldCursor = oldIds[1]!; // a browser tab had read up to 'old 2', then the runner was upgraded
    await writeFile(join(served.ws.dir, 'go'), '');
    for (;;) {
      const run = await api.runs.get.query({ runId });
      if (run.status === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const page = await api.runs.logs.query({ runId, stepId: 'wait', afterId: oldCursor });
    expect(page.lines.map((l) => l.text)).toEqual(['old 3', 'new 1', 'new 2']);

    const client = wsClient(served.serve.url);
    const streamed: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = client.trpc.runs.onLog.subscribe(
        { runId, stepId: 'wait', afterId: oldCursor },
        {
          onData: ({ data }) => {
            streamed.push(data.text);
            if (data.text === 'new 2') {
              sub.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    client.close();
    expect(streamed).toEqual(['old 3', 'new 1', 'new 2']);
  });
});
