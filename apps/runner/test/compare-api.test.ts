import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, rejection, type ServeProcess, startServe } from './helpers/serve.ts';

const GREEN = `name: tale
steps:
  - id: begin
    action: shell
    with: { run: "echo once upon a time" }
  - id: middle
    action: shell
    depends_on: [begin]
    with: { run: "echo and then" }
`;
const RED = GREEN.replace('echo and then', 'echo and then; exit 1');

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let api: ReturnType<typeof httpClient>;

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
  serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
  api = httpClient(serve.url);
});

afterAll(async () => {
  const code = await serve?.stop();
  expect(code).toBe(0);
  await db?.drop();
  await ws?.cleanup();
});

async function runToTheEnd(): Promise<string> {
  const { id } = await api.runs.start.mutate({ workflow: 'tale' });
  for (const deadline = Date.now() + 60_000; ; ) {
    const run = await api.runs.get.query({ runId: id });
    if (['succeeded', 'failed', 'canceled'].includes(run.status)) return id;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('compare.runs', () => {
  it('compares a failed run with the last green run, or with the run named', async () => {
    await api.workflows.save.mutate({ name: 'tale', yaml: GREEN });
    const green = await runToTheEnd();
    await api.workflows.save.mutate({ name: 'tale', yaml: RED });
    const red = await runToTheEnd();

    const result = await api.compare.runs.query({ runA: red });
    expect(result.a).toMatchObject({ id: red, status: 'failed', workflow: 'tale' });
    expect(result.b).toMatchObject({ id: green, status: 'succeeded', workflow: 'tale' });
    expect(result.picked).toBe('last-green-before');
    expect(result.comparison.firstDivergence).toEqual({
      step: 'middle',
      reason: 'status',
      a: 'failed',
      b: 'succeeded',
    });
    expect(result.yamlDiff).toContain('+    with: { run: "echo and then; exit 1" }');

    const named = await api.compare.runs.query({ runA: green, runB: red });
    expect(named.picked).toBe('given');
    expect(named.comparison.firstDivergence).toMatchObject({ a: 'succeeded', b: 'failed' });
  });

  it('answers NOT_FOUND for an unknown run, BAD_REQUEST when there is no green run', async () => {
    const unknown = await rejection(api.compare.runs.query({ runA: 'a00000000' }));
    expect(unknown.data?.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe('no run "a00000000"');

    const [first] = (await api.runs.list.query({ workflow: 'tale', status: 'succeeded' })).items;
    // the only green run has no other green run to compare with
    const lonely = await rejection(api.compare.runs.query({ runA: first!.id }));
    expect(lonely.data?.code).toBe('BAD_REQUEST');
    expect(lonely.message).toBe(
      `run ${first!.id} has no earlier green run of tale to compare with; name a second run`,
    );

    const invalid = await rejection(api.compare.runs.query({ runA: 'not a run' }));
    expect(invalid.data?.code).toBe('BAD_REQUEST');
  });
});
