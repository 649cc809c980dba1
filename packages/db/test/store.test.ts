import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, RUN_ID_PATTERN, RunNotFoundError, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { definition, definitionYaml, runInput, runStarted, stepStarted } from './fixtures.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(TEST_BACKENDS)('the store on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('creates a queued run with pending steps and reads it back', async () => {
    const created = await store.runs.create(runInput());
    expect(created.id).toMatch(RUN_ID_PATTERN);
    expect(created.status).toBe('queued');
    expect(created.definitionHash).toBe(createHash('sha256').update(definitionYaml).digest('hex'));
    expect(created.lastSeq).toBe(0);

    const run = await store.runs.get(created.id);
    expect(run).toEqual(created);
    expect(run?.definition).toEqual(definition);
    expect(run?.inputs).toEqual({ branch: 'main' });
    expect(run?.workflowFile).toBe('.mia/workflows/feature-delivery.yaml');
    expect(
      run?.steps.map((s) => [s.stepId, s.position, s.status, s.universe, s.action, s.beat]),
    ).toEqual([
      [
        'validate',
        0,
        'pending',
        'engineer',
        'schema-validate',
        'Validation confirms structural integrity',
      ],
      ['test', 1, 'pending', 'engineer', 'run-tests', null],
      ['approve', 2, 'pending', 'ceremony', 'approval', null],
    ]);
    expect(run?.steps[0]?.attempts).toEqual([]);
    expect(run?.createdAt).toBeInstanceOf(Date);
  });

  it('returns null for an unknown run', async () => {
    expect(await store.runs.get('zzzzzzzzz')).toBeNull();
  });

  it('commits a transition with consecutive seqs, steps and attempts', async () => {
    const run = await store.runs.create(runInput());
    const t0 = new Date('2026-01-01T10:00:00.000Z');
    const first = await store.events.commit(run.id, {
      run: { status: 'running', startedAt: t0 },
      steps: [{ stepId: 'validate', status: 'running', attempts: 1, startedAt: t0 }],
      attemptsStarted: [{ stepId: 'validate', number: 1, startedAt: t0, runnerId: 'runner-a' }],
      events: [runStarted(t0), stepStarted('validate', 1, t0)],
    });
    expect(first.map((e) => e.seq)).toEqual([1, 2]);

    const t1 = new Date('2026-01-01T10:00:05.000Z');
    const failure = {
      reason: 'exit-code' as const,
      message: 'exit 1',
      exitCode: 1,
      lastLines: ['boom'],
    };
    const second = await store.events.commit(run.id, {
      steps: [
        {
          stepId: 'validate',
          status: 'failed',
          finishedAt: t1,
          lastFailure: failure,
          outputs: { n: 1 },
        },
      ],
      attemptsFinished: [
        { stepId: 'validate', number: 1, status: 'failed', finishedAt: t1, exitCode: 1, failure },
      ],
      events: [
        {
          type: 'step.failed',
          at: t1,
          stepId: 'validate',
          attempt: 1,
          story: { kind: 'tension', text: 'Validation broke' },
          data: { exitCode: 1 },
        },
      ],
    });
    expect(second.map((e) => e.seq)).toEqual([3]);

    const stored = await store.runs.get(run.id);
    expect(stored?.status).toBe('running');
    expect(stored?.startedAt).toEqual(t0);
    expect(stored?.lastSeq).toBe(3);
    const validate = stored?.steps[0];
    expect(validate).toMatchObject({
      status: 'failed',
      attemptCount: 1,
      startedAt: t0,
      finishedAt: t1,
    });
    expect(validate?.lastFailure).toEqual(failure);
    expect(validate?.outputs).toEqual({ n: 1 });
    expect(validate?.attempts).toEqual([
      {
        id: expect.any(String),
        number: 1,
        status: 'failed',
        startedAt: t0,
        finishedAt: t1,
        exitCode: 1,
        failure,
        runnerId: 'runner-a',
      },
    ]);

    // Resume: clear the failure, count the resume, second attempt.
    const t2 = new Date('2026-01-01T11:00:00.000Z');
    await store.events.commit(run.id, {
      run: { resumeCountIncrement: true, finishedAt: null },
      steps: [
        { stepId: 'validate', status: 'running', attempts: 2, lastFailure: null, finishedAt: null },
      ],
      attemptsStarted: [{ stepId: 'validate', number: 2, startedAt: t2 }],
      events: [],
    });
    const resumed = await store.runs.get(run.id);
    expect(resumed?.resumeCount).toBe(1);
    expect(resumed?.lastSeq).toBe(3);
    expect(resumed?.steps[0]?.lastFailure).toBeNull();
    expect(resumed?.steps[0]?.attempts.map((a) => [a.number, a.status])).toEqual([
      [1, 'failed'],
      [2, 'running'],
    ]);

    const events = await store.events.list(run.id);
    expect(events).toEqual([
      { ...runStarted(t0), seq: 1 },
      { ...stepStarted('validate', 1, t0), seq: 2 },
      { ...second[0], seq: 3 },
    ]);
    expect(await store.events.list(run.id, 1)).toHaveLength(2);
    expect((await store.events.list(run.id, 0, 1)).map((e) => e.seq)).toEqual([1]);
  });

  it('never hands out a seq twice under concurrent commits', async () => {
    const run = await store.runs.create(runInput());
    const writers = 12;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        store.events.commit(run.id, {
          events: [stepStarted('validate', i + 1), stepStarted('test', i + 1)],
        }),
      ),
    );
    const seqs = results.flat().map((e) => e.seq);
    expect(new Set(seqs).size).toBe(writers * 2);
    expect([...seqs].sort((a, b) => a - b)).toEqual(
      Array.from({ length: writers * 2 }, (_, i) => i + 1),
    );
    // Each commit's events are consecutive.
    for (const events of results) expect(events[1]!.seq).toBe(events[0]!.seq + 1);
    const stored = await store.events.list(run.id);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: writers * 2 }, (_, i) => i + 1));
    expect((await store.runs.get(run.id))?.lastSeq).toBe(writers * 2);
  });

  it('rolls the whole commit back when part of it fails', async () => {
    const run = await store.runs.create(runInput());
    await expect(
      store.events.commit(run.id, {
        run: { status: 'running' },
        steps: [{ stepId: 'no-such-step', status: 'running' }],
        events: [runStarted()],
      }),
    ).rejects.toThrow();
    const stored = await store.runs.get(run.id);
    expect(stored?.status).toBe('queued');
    expect(stored?.lastSeq).toBe(0);
    expect(await store.events.list(run.id)).toEqual([]);
  });

  it('refuses to commit to an unknown run', async () => {
    await expect(
      store.events.commit('nosuchrun', { events: [runStarted()] }),
    ).rejects.toBeInstanceOf(RunNotFoundError);
  });

  it('lists runs newest first, with filters, step counts and a cursor', async () => {
    const workflowName = `list-${backend}-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await store.runs.create(runInput({ workflowName, triggeredBy: `user${i}` }))).id);
      await sleep(5);
    }
    await store.events.commit(ids[1]!, {
      run: { status: 'failed' },
      steps: [
        { stepId: 'validate', status: 'failed' },
        { stepId: 'test', status: 'skipped' },
      ],
      events: [],
    });

    const all = await store.runs.list({ workflowName });
    expect(all.map((r) => r.id)).toEqual([...ids].reverse());
    expect(all[0]).toMatchObject({
      workflowName,
      status: 'queued',
      triggeredBy: 'user3',
      startedAt: null,
    });
    expect(all[0]?.stepCounts).toEqual({
      pending: 3,
      running: 0,
      waiting: 0,
      succeeded: 0,
      failed: 0,
      skipped: 0,
      canceled: 0,
    });
    const failed = await store.runs.list({ workflowName, status: 'failed' });
    expect(failed.map((r) => r.id)).toEqual([ids[1]]);
    expect(failed[0]?.stepCounts).toMatchObject({ pending: 1, failed: 1, skipped: 1 });

    const page1 = await store.runs.list({ workflowName, limit: 2 });
    const last = page1[1]!;
    const page2 = await store.runs.list({
      workflowName,
      limit: 2,
      before: { createdAt: last.createdAt, id: last.id },
    });
    expect([...page1, ...page2].map((r) => r.id)).toEqual([...ids].reverse());
    expect(await store.runs.list({ workflowName: 'no-such-workflow' })).toEqual([]);
    expect((await store.runs.list({ limit: 1 })).length).toBe(1);
  });

  it('appends logs and reads them back in order', async () => {
    const run = await store.runs.create(runInput());
    const at = new Date();
    await store.logs.append([
      { runId: run.id, stepId: 'validate', attempt: 1, stream: 'stdout', text: 'one', at },
      { runId: run.id, stepId: 'validate', attempt: 1, stream: 'stderr', text: 'two', at },
      { runId: run.id, stepId: 'test', attempt: 1, stream: 'system', text: 'other step', at },
    ]);
    await store.logs.append([
      { runId: run.id, stepId: 'validate', attempt: 2, stream: 'stdout', text: 'three', at },
    ]);
    await store.logs.append([]);

    const all = await store.logs.list(run.id);
    expect(all.map((c) => c.text)).toEqual(['one', 'two', 'other step', 'three']);
    expect(typeof all[0]?.id).toBe('bigint');
    expect(all[0]).toMatchObject({
      runId: run.id,
      stepId: 'validate',
      attempt: 1,
      stream: 'stdout',
      at,
    });

    const validate = await store.logs.list(run.id, { stepId: 'validate' });
    expect(validate.map((c) => c.text)).toEqual(['one', 'two', 'three']);
    expect(
      (await store.logs.list(run.id, { stepId: 'validate', attempt: 2 })).map((c) => c.text),
    ).toEqual(['three']);
    const after = await store.logs.list(run.id, { afterId: all[1]!.id });
    expect(after.map((c) => c.text)).toEqual(['other step', 'three']);
    expect(
      (await store.logs.list(run.id, { afterId: Number(all[0]!.id), limit: 1 })).map((c) => c.text),
    ).toEqual(['two']);
  });

  it('records a cancel request only for runs that are not final', async () => {
    const run = await store.runs.create(runInput());
    expect(await store.runs.cancelRequested(run.id)).toBe(false);
    const at = new Date('2026-02-01T00:00:00.000Z');
    expect(await store.runs.requestCancel(run.id, at)).toBe(true);
    expect(await store.runs.requestCancel(run.id, new Date())).toBe(true);
    expect(await store.runs.cancelRequested(run.id)).toBe(true);
    expect((await store.runs.get(run.id))?.cancelRequestedAt).toEqual(at);

    const done = await store.runs.create(runInput());
    await store.events.commit(done.id, { run: { status: 'succeeded' }, events: [] });
    expect(await store.runs.requestCancel(done.id, at)).toBe(false);
    expect(await store.runs.cancelRequested(done.id)).toBe(false);
    expect(await store.runs.requestCancel('nosuchrun', at)).toBe(false);
    expect(await store.runs.cancelRequested('nosuchrun')).toBe(false);
  });

  it('records approvals and rejections per step attempt, in order', async () => {
    const run = await store.runs.create(runInput());
    const at = new Date('2026-03-01T10:00:00.000Z');
    const first = await store.decisions.record({
      runId: run.id,
      stepId: 'review',
      attempt: 1,
      decision: 'approve',
      by: 'ana',
      comment: 'ship it',
      at,
    });
    await store.decisions.record({
      runId: run.id,
      stepId: 'review',
      attempt: 2,
      decision: 'reject',
      by: 'bob',
      comment: null,
      at,
    });
    await store.decisions.record({
      runId: run.id,
      stepId: 'review',
      attempt: 1,
      decision: 'reject',
      by: 'cy',
      comment: null,
      at,
    });
    const decisions = await store.decisions.list(run.id, 'review', 1);
    expect(decisions.map((d) => [d.by, d.decision, d.comment])).toEqual([
      ['ana', 'approve', 'ship it'],
      ['cy', 'reject', null],
    ]);
    expect((await store.decisions.list(run.id, 'review', 1, first.id)).map((d) => d.by)).toEqual([
      'cy',
    ]);
  });

  it('grants, renews, expires and releases leases', async () => {
    const run = await store.runs.create(runInput());
    expect(await store.leases.acquire(run.id, 'a', 60_000)).toBe(true);
    expect(await store.leases.acquire(run.id, 'b', 60_000)).toBe(false);
    expect(await store.leases.acquire(run.id, 'a', 60_000)).toBe(true);
    expect(await store.leases.renew(run.id, 'a', 60_000)).toBe(true);
    expect(await store.leases.renew(run.id, 'b', 60_000)).toBe(false);
    expect((await store.runs.get(run.id))?.leaseOwner).toBe('a');

    await store.leases.release(run.id, 'b'); // not b's to release
    expect(await store.leases.acquire(run.id, 'b', 60_000)).toBe(false);
    await store.leases.release(run.id, 'a');
    expect(await store.leases.acquire(run.id, 'b', 50)).toBe(true);

    await sleep(120);
    // Expired, but nobody took it: b may still renew (it was cut off, not replaced).
    expect(await store.leases.renew(run.id, 'b', 50)).toBe(true);
    await sleep(120);
    expect(await store.leases.acquire(run.id, 'c', 60_000)).toBe(true);
    expect(await store.leases.renew(run.id, 'b', 60_000)).toBe(false);
    const leased = await store.runs.get(run.id);
    expect(leased?.leaseOwner).toBe('c');
    expect(leased!.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await store.leases.acquire('nosuchrun', 'a', 1000)).toBe(false);
  });
});
