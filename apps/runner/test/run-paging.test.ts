import {
  createTestPostgresDatabase,
  createTestWorkspace,
  type TestPostgresDatabase,
  type TestWorkspace,
} from '@arcflow/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, type ServeProcess, startServe } from './helpers/serve.ts';

// A run page paints a long run from a summary: the story's latest events and an outline of
// the rest in bins, paging the earlier events on demand. 180 noop steps in 6 lanes tell
// 362 events, more than the outline threshold; the last step fails.

const STEPS = 180;
const LANES = 6;
const yaml = [
  'name: long-arc',
  'steps:',
  ...Array.from({ length: STEPS }, (_, i) => {
    const last = i === STEPS - 1;
    return [
      `  - id: s${i + 1}`,
      last ? '    action: shell' : '    action: noop',
      ...(last ? ['    with: { run: "echo the end does not hold; exit 3" }'] : []),
      ...(i >= LANES ? [`    depends_on: [s${i + 1 - LANES}]`] : []),
    ];
  }).flat(),
  '',
].join('\n');

let ws: TestWorkspace;
let db: TestPostgresDatabase;
let serve: ServeProcess;
let api: ReturnType<typeof httpClient>;
let runId: string;

beforeAll(async () => {
  ws = await createTestWorkspace();
  db = await createTestPostgresDatabase();
  serve = await startServe({ cwd: ws.dir, env: { DATABASE_URL: db.url } });
  api = httpClient(serve.url);
  await api.workflows.save.mutate({ name: 'long-arc', yaml });
  runId = (await api.runs.start.mutate({ workflow: 'long-arc' })).id;
  const deadline = Date.now() + 150_000;
  for (;;) {
    const run = await api.runs.get.query({ runId, eventsTail: 1 });
    if (run.status === 'failed' || run.status === 'succeeded') break;
    if (Date.now() > deadline) throw new Error(`run ${runId} is still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}, 180_000);

afterAll(async () => {
  await serve?.stop();
  await db?.drop();
  await ws?.cleanup();
});

describe('a long run, summarised', () => {
  it('comes with its latest events only, and says how many it has', async () => {
    const run = await api.runs.get.query({ runId, eventsTail: 40 });
    expect(run.steps).toHaveLength(STEPS);
    expect(run.events).toHaveLength(40);
    const seqs = run.events.map((e) => e.seq);
    expect(seqs.at(-1)).toBe(run.eventCount);
    expect(seqs[0]).toBe(run.eventCount - 39);
    expect(run.events.at(-1)?.type).toBe('run.failed');
  });

  it('outlines the whole story in bins that cover every event once, the failure and the climax speaking for theirs', async () => {
    const run = await api.runs.get.query({ runId, eventsTail: 40 });
    const outline = run.outline ?? [];
    expect(outline.length).toBeGreaterThan(1);
    expect(outline.length).toBeLessThanOrEqual(60);
    let next = 1;
    let total = 0;
    for (const bin of outline) {
      expect(bin.fromSeq).toBe(next);
      next = bin.toSeq + 1;
      const size = Object.values(bin.counts).reduce((sum, n) => sum + (n ?? 0), 0);
      expect(size).toBe(bin.toSeq - bin.fromSeq + 1);
      total += size;
    }
    expect(total).toBe(run.eventCount);
    const peaks = outline.map((bin) => bin.peak);
    // A bin with the failure in it is spoken for by the failure (or the climax it led to).
    const broken = outline.filter((bin) => (bin.counts.tension ?? 0) > 0);
    expect(broken.length).toBeGreaterThan(0);
    for (const bin of broken) expect(['tension', 'climax']).toContain(bin.peak.story.kind);
    expect(peaks.at(-1)?.story.kind).toBe('climax');
  });

  it('pages the earlier events by seq, up to 1,000 at a time', async () => {
    const run = await api.runs.get.query({ runId, eventsTail: 40 });
    const first = run.events[0]?.seq ?? 0;
    const earlier = await api.runs.events.query({ runId, afterSeq: first - 1 - 100, limit: 100 });
    expect(earlier.map((e) => e.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => first - 100 + i),
    );
    const all = await api.runs.events.query({ runId, limit: 1_000 });
    expect(all).toHaveLength(run.eventCount);
  });

  it('still tells the whole run to callers that ask for it, with no outline', async () => {
    const run = await api.runs.get.query({ runId });
    expect(run.events).toHaveLength(run.eventCount);
    expect(run.events[0]?.type).toBe('run.started');
    expect(run.outline).toBeNull();
  });

  it('needs no outline for a run whose events all come along', async () => {
    const run = await api.runs.get.query({ runId, eventsTail: 1_000 });
    expect(run.events).toHaveLength(run.eventCount);
    expect(run.outline).toBeNull();
  });

  it('summarises the steps for the run page: what to paint, without the details', async () => {
    const [overview, whole] = await Promise.all([
      api.runs.overview.query({ runId }),
      api.runs.get.query({ runId, eventsTail: 300 }),
    ]);
    const shape = (s: {
      id: string;
      status: string;
      attempts: number;
      dependsOn: readonly string[];
    }) => [s.id, s.status, s.attempts, s.dependsOn];
    expect(overview.steps.map(shape)).toEqual(whole.steps.map(shape));
    expect(overview.steps[0]).not.toHaveProperty('outputs');
    // Each step ran once, as its own fields tell: no attempt list comes along.
    expect(overview.steps.filter((s) => 'attemptHistory' in s)).toEqual([]);
    const failed = whole.steps.at(-1)?.attemptHistory[0]?.failure as { message: string };
    expect(overview.steps.at(-1)).toMatchObject({ status: 'failed', failure: failed.message });
    expect(overview.events).toEqual(whole.events);
    expect(overview).toMatchObject({ eventCount: whole.eventCount, outline: whole.outline });
    expect(JSON.stringify(overview.steps).length).toBeLessThan(
      JSON.stringify(whole.steps).length / 2,
    );
  });

  it('opens the workflow in the editor from its source and check alone', async () => {
    const source = await api.workflows.source.query({ name: 'long-arc' });
    expect(source).toMatchObject({ name: 'long-arc', yaml, valid: true, diagnostics: [] });
    expect(source).not.toHaveProperty('definition');
    expect(source).not.toHaveProperty('graph');
  });
});
