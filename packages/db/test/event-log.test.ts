import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, LeaseLostError, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { runInput, runStarted, stepStarted } from './fixtures.ts';

describe.each(TEST_BACKENDS)('a tick committed as one on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma, test.db.sql);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('stores the log lines with the transition, and nothing of it when the fence fails', async () => {
    const run = await store.runs.create(runInput({ lease: { owner: 'runner-a', ttlMs: 30_000 } }));
    const at = new Date('2026-01-01T10:00:00.000Z');
    const line = (text: string) => ({
      runId: run.id,
      stepId: 'validate',
      attempt: 1,
      stream: 'stdout' as const,
      text,
      at,
    });
    await store.events.commit(
      run.id,
      {
        run: { status: 'running', startedAt: at },
        steps: [
          { stepId: 'validate', status: 'running', attempts: 1, startedAt: at },
          { stepId: 'test', status: 'running', attempts: 1, startedAt: at },
        ],
        attemptsStarted: [
          { stepId: 'validate', number: 1, startedAt: at },
          { stepId: 'test', number: 1, startedAt: at },
        ],
        events: [runStarted(at), stepStarted('validate', 1, at), stepStarted('test', 1, at)],
      },
      { leaseOwner: 'runner-a', afterSeq: 0 },
    );
    const finishing = {
      steps: [
        { stepId: 'validate', status: 'succeeded' as const, finishedAt: at, outputs: { n: 1 } },
        { stepId: 'test', status: 'succeeded' as const, finishedAt: at },
      ],
      attemptsFinished: [
        { stepId: 'validate', number: 1, status: 'succeeded' as const, finishedAt: at },
        { stepId: 'test', number: 1, status: 'succeeded' as const, finishedAt: at },
      ],
      events: [
        { ...stepStarted('validate', 1, at), type: 'step.succeeded' as const },
        { ...stepStarted('test', 1, at), type: 'step.succeeded' as const },
      ],
      logs: [line('first'), line('second')],
    };
    // another runner took the run over: nothing of this tick is written
    await store.leases.release(run.id, 'runner-a');
    await store.leases.acquire(run.id, 'runner-b', 30_000);
    await expect(
      store.events.commit(run.id, finishing, { leaseOwner: 'runner-a', afterSeq: 3 }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.logs.list(run.id)).toEqual([]);
    expect((await store.runs.get(run.id))?.steps.map((s) => s.status)).toEqual([
      'running',
      'running',
      'pending',
    ]);

    const stored = await store.events.commit(run.id, finishing, {
      leaseOwner: 'runner-b',
      afterSeq: 3,
    });
    expect(stored.map((e) => e.seq)).toEqual([4, 5]);
    expect((await store.logs.list(run.id)).map((l) => l.text)).toEqual(['first', 'second']);
    const after = await store.runs.get(run.id);
    expect(after?.lastSeq).toBe(5);
    expect(after?.steps.map((s) => [s.stepId, s.status, s.outputs])).toEqual([
      ['validate', 'succeeded', { n: 1 }],
      ['test', 'succeeded', null],
      ['approve', 'pending', null],
    ]);
    expect(after?.steps[0]?.attempts.map((a) => a.status)).toEqual(['succeeded']);
  });
  it('writes a tick without logs in one statement, keeping awkward text exactly', async () => {
    const run = await store.runs.create(runInput({ lease: { owner: 'runner-a', ttlMs: 30_000 } }));
    const at = new Date('2026-01-01T10:00:00.000Z');
    const awkward = 'a "quoted" {brace}, comma\\back\\slash NULL ünïcode\nnew line';
    await store.events.commit(
      run.id,
      {
        run: { status: 'running', startedAt: at },
        steps: [{ stepId: 'validate', status: 'running', attempts: 1, startedAt: at }],
        attemptsStarted: [{ stepId: 'validate', number: 1, startedAt: at }],
        events: [runStarted(at), stepStarted('validate', 1, at)],
      },
      { leaseOwner: 'runner-a', afterSeq: 0 },
    );
    const stored = await store.events.commit(
      run.id,
      {
        steps: [
          {
            stepId: 'validate',
            status: 'failed',
            finishedAt: at,
            outputs: { text: awkward },
            lastFailure: { reason: 'exit-code', message: awkward },
          },
        ],
        attemptsFinished: [
          {
            stepId: 'validate',
            number: 1,
            status: 'failed',
            finishedAt: at,
            exitCode: 3,
            failure: { reason: 'exit-code', message: awkward },
          },
        ],
        events: [{ ...stepStarted('validate', 1, at), type: 'step.failed', data: { awkward } }],
      },
      { leaseOwner: 'runner-a', afterSeq: 2 },
    );
    expect(stored.map((e) => e.seq)).toEqual([3]);
    const after = await store.runs.get(run.id);
    const step = after?.steps[0];
    expect(step?.outputs).toEqual({ text: awkward });
    expect(step?.lastFailure?.message).toBe(awkward);
    expect(step?.attempts[0]).toMatchObject({ status: 'failed', exitCode: 3 });
    const events = await store.events.list(run.id);
    expect(events.at(-1)?.data).toEqual({ awkward });
  });

  it('stores the log lines of a retried commit with no events once', async () => {
    const run = await store.runs.create(runInput({ lease: { owner: 'runner-a', ttlMs: 30_000 } }));
    const at = new Date('2026-01-01T10:00:00.000Z');
    const fence = { leaseOwner: 'runner-a', afterSeq: 0 };
    const line = (text: string) => ({
      runId: run.id,
      stepId: 'validate',
      attempt: 1,
      stream: 'stdout' as const,
      text,
      at,
    });
    const change = {
      events: [],
      logs: [line('compiling'), line('linking')],
      logsWriteId: '0b9e1f6c-9d3e-4c55-8f0e-6f1f0a3c2d41',
    };
    // The first try landed but its reply was lost; the runner tries the same commit again.
    await store.events.commit(run.id, change, fence);
    await store.events.commit(run.id, change, fence);
    // The next write, named anew, is stored after them.
    await store.events.commit(
      run.id,
      { events: [], logs: [line('done')], logsWriteId: '5f2c8a0e-1b7d-4e3a-9c6f-2d8e4b1a7c90' },
      fence,
    );
    const lines = await store.logs.list(run.id);
    expect(lines.map((l) => [l.line, l.text])).toEqual([
      [0, 'compiling'],
      [1, 'linking'],
      [2, 'done'],
    ]);
  });

  it('stores a retried log write once', async () => {
    const run = await store.runs.create(runInput());
    const line = (text: string) => ({
      runId: run.id,
      stepId: 'test',
      attempt: 2,
      stream: 'stderr' as const,
      text,
      at: new Date('2026-01-01T10:00:00.000Z'),
    });
    const writeId = 'c3d0a5e2-7f41-4b8c-a1d9-0e6b2f9c4a17';
    await store.logs.append([line('one'), line('two')], writeId);
    await store.logs.append([line('one'), line('two')], writeId);
    await store.logs.append([line('one')]);
    expect((await store.logs.list(run.id)).map((l) => l.text)).toEqual(['one', 'two', 'one']);
  });
});
