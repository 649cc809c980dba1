import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, DatabaseError, InvalidColumnError, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { definition, runInput, runStarted, stepStarted } from './fixtures.ts';

describe.each(TEST_BACKENDS)('JSON columns read back on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  const rejection = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(InvalidColumnError);
    expect(error).toBeInstanceOf(DatabaseError);
    return (error as InvalidColumnError).message;
  };

  it('names the run and the column when the definition does not match', async () => {
    const run = await store.runs.create(runInput());
    await test.db.prisma.$executeRaw`
      UPDATE "runs" SET "definition" = jsonb_set("definition", '{steps,1,universe}', '"galaxy"')
      WHERE "id" = ${run.id}`;
    const message = await rejection(store.runs.get(run.id));
    expect(message).toMatch(new RegExp(`^run ${run.id} has an unreadable runs\\.definition: `));
    expect(message).toContain('steps.1.universe');
  });

  it('rejects inputs, outputs and failures that are not what was written', async () => {
    const run = await store.runs.create(runInput());
    await test.db.prisma.$executeRaw`UPDATE "runs" SET "inputs" = '[1, 2]' WHERE "id" = ${run.id}`;
    expect(await rejection(store.runs.get(run.id))).toMatch(/unreadable runs\.inputs: /);

    const other = await store.runs.create(runInput());
    await test.db.prisma.$executeRaw`
      UPDATE "step_runs" SET "last_failure" = '{"reason": "oops"}'
      WHERE "run_id" = ${other.id} AND "step_id" = 'test'`;
    expect(await rejection(store.runs.get(other.id))).toMatch(
      /unreadable step_runs\.last_failure \(step test\): reason: /,
    );

    const third = await store.runs.create(runInput());
    await store.events.commit(third.id, {
      attemptsStarted: [{ stepId: 'validate', number: 1, startedAt: new Date() }],
      events: [],
    });
    await test.db.prisma.$executeRaw`
      UPDATE "attempts" SET "failure" = '"exit 1"' WHERE "run_id" = ${third.id}`;
    expect(await rejection(store.runs.get(third.id))).toMatch(
      /unreadable attempts\.failure \(step validate, attempt 1\)/,
    );
  });

  it('reads events, and names the seq of one whose data is not an object', async () => {
    const run = await store.runs.create(runInput());
    await store.events.commit(run.id, { events: [runStarted(), stepStarted('validate')] });
    expect((await store.events.list(run.id)).map((e) => e.data)).toEqual([
      runStarted().data,
      undefined,
    ]);
    await test.db.prisma.$executeRaw`
      UPDATE "events" SET "data" = '"text"' WHERE "run_id" = ${run.id} AND "seq" = 1`;
    expect(await rejection(store.events.list(run.id))).toBe(
      `run ${run.id} has an unreadable events.data (seq 1): expected a JSON object`,
    );
  });

  it('keeps keys it does not know, and reads a snapshot taken before workflows had inputs', async () => {
    const run = await store.runs.create(runInput());
    await test.db.prisma.$executeRaw`
      UPDATE "runs" SET "definition" = ("definition" - 'inputs') || '{"later": true}'
      WHERE "id" = ${run.id}`;
    expect((await store.runs.get(run.id))?.definition).toEqual({
      ...definition,
      inputs: [],
      later: true,
    });
  });
});
