import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type NewLogLine, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { runInput } from './fixtures.ts';

describe.each(TEST_BACKENDS)('step logs on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  const lines = (runId: string, texts: string[], more: Partial<NewLogLine> = {}): NewLogLine[] =>
    texts.map((text) => ({
      runId,
      stepId: 'build',
      attempt: 1,
      stream: 'stdout',
      text,
      at: new Date('2026-01-01T10:00:00.000Z'),
      ...more,
    }));
  const numbered = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `line ${from + i}`);
  const chunkRows = async (runId: string) =>
    test.db.prisma.logChunk.findMany({ where: { runId }, orderBy: { id: 'asc' } });

  it('stores many lines in a few bounded chunks and reads them back line by line', async () => {
    const run = await store.runs.create(runInput());
    await store.logs.append(lines(run.id, numbered(0, 10_000)));
    await store.logs.append(lines(run.id, numbered(10_000, 3)));
    const rows = await chunkRows(run.id);
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const row of rows) expect(row.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(rows.map((r) => r.firstLine)).toEqual(
      rows.map((_, i) => rows.slice(0, i).reduce((n, r) => n + r.lineCount, 0)),
    );

    const all = await store.logs.list(run.id, { limit: 10_000 });
    expect(all).toHaveLength(10_000);
    expect(all.map((l) => l.text)).toEqual(numbered(0, 10_000));
    expect(all.map((l) => l.line)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    const ids = all.map((l) => l.id);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);

    // Reading on from any line id, even in the middle of a chunk.
    const rest = await store.logs.list(run.id, { afterId: all[9_998]!.id });
    expect(rest.map((l) => l.text)).toEqual(['line 9999', ...numbered(10_000, 3)]);
    expect(await store.logs.size(run.id, 'build', 1)).toEqual({
      lines: 10_003,
      bytes: [...numbered(0, 10_003)].reduce((n, t) => n + t.length + 1, 0),
    });
  });

  it('pages an attempt from any line, head or tail', async () => {
    const run = await store.runs.create(runInput());
    await store.logs.append(lines(run.id, numbered(0, 5000)));
    await store.logs.append(lines(run.id, ['retry 0', 'retry 1'], { attempt: 2 }));
    const middle = await store.logs.page(run.id, 'build', 1, { fromLine: 2345, limit: 3 });
    expect(middle.map((l) => [l.line, l.text])).toEqual([
      [2345, 'line 2345'],
      [2346, 'line 2346'],
      [2347, 'line 2347'],
    ]);
    const tail = await store.logs.page(run.id, 'build', 1, { fromLine: 4998, limit: 10 });
    expect(tail.map((l) => l.text)).toEqual(['line 4998', 'line 4999']);
    expect(await store.logs.page(run.id, 'build', 1, { fromLine: 6000 })).toEqual([]);
    expect((await store.logs.page(run.id, 'build', 2, { fromLine: 0 })).map((l) => l.text)).toEqual(
      ['retry 0', 'retry 1'],
    );
    expect(await store.logs.latestAttempt(run.id, 'build')).toBe(2);
    expect(await store.logs.latestAttempt(run.id, 'test')).toBeNull();
  });

  it('keeps the order and stream of interleaved lines, and splits lines with newlines', async () => {
    const run = await store.runs.create(runInput());
    await store.logs.append([
      ...lines(run.id, ['out 1']),
      ...lines(run.id, ['err 1\nerr 2'], { stream: 'stderr' }),
      ...lines(run.id, ['out 2']),
      ...lines(run.id, ['other'], { stepId: 'test' }),
    ]);
    const build = await store.logs.list(run.id, { stepId: 'build' });
    expect(build.map((l) => [l.line, l.stream, l.text])).toEqual([
      [0, 'stdout', 'out 1'],
      [1, 'stderr', 'err 1'],
      [2, 'stderr', 'err 2'],
      [3, 'stdout', 'out 2'],
    ]);
    expect((await store.logs.list(run.id, { stepId: 'test' }))[0]).toMatchObject({
      line: 0,
      text: 'other',
    });
  });

  it('reads on after a cursor kept from before logs were chunked, without replaying', async () => {
    const run = await store.runs.create(runInput());
    // Rows as the log_chunks migration leaves them: one line each, the row's id its old line id.
    const old = [];
    for (const [i, text] of ['old 1', 'old 2', 'old 3'].entries()) {
      old.push(
        await test.db.prisma.logChunk.create({
          data: {
            runId: run.id,
            stepId: 'build',
            attempt: 1,
            stream: 'stdout',
            text,
            at: new Date('2026-01-01T09:00:00.000Z'),
            firstLine: i,
            lineCount: 1,
            bytes: text.length + 1,
          },
        }),
      );
    }
    await store.logs.append(lines(run.id, ['new 1', 'new 2']));
    // A browser tab read up to 'old 2' before the upgrade, and reconnects with that id.
    const oldCursor = old[1]!.id;
    const resumed = await store.logs.list(run.id, { stepId: 'build', afterId: oldCursor });
    expect(resumed.map((l) => l.text)).toEqual(['old 3', 'new 1', 'new 2']);
    // Today's ids of the same lines still read on from where they say.
    const all = await store.logs.list(run.id, { stepId: 'build' });
    expect(all.map((l) => l.text)).toEqual(['old 1', 'old 2', 'old 3', 'new 1', 'new 2']);
    const fromToday = await store.logs.list(run.id, { afterId: all[2]!.id });
    expect(fromToday.map((l) => l.text)).toEqual(['new 1', 'new 2']);
    // Read with another step's filter, a cursor of this run is still today's.
    expect(await store.logs.list(run.id, { stepId: 'test', afterId: all[4]!.id })).toEqual([]);
    // An old cursor past everything reads nothing.
    const last = (await chunkRows(run.id)).at(-1)!.id;
    expect(await store.logs.list(run.id, { afterId: last })).toEqual([]);
  });
});
