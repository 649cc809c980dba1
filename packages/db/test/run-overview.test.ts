import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/index.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../src/testing.ts';
import { definition, runInput, runStarted, stepStarted } from './fixtures.ts';

// A run's page summary: what the steps tell, and the attempts only where they do not.

describe.each(TEST_BACKENDS)('the run overview on %s', (backend) => {
  let test: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    store = createStore(test.db.prisma);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it('summarises each step, with attempts only for a step that ran more than once', async () => {
    const run = await store.runs.create(runInput());
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s));
    const failure = { reason: 'exit-code' as const, message: 'exit 1', exitCode: 1 };
    await store.events.commit(run.id, {
      run: { status: 'running', startedAt: at(0) },
      steps: [
        { stepId: 'validate', status: 'running', attempts: 1, startedAt: at(0) },
        { stepId: 'test', status: 'running', attempts: 1, startedAt: at(0) },
      ],
      attemptsStarted: [
        { stepId: 'validate', number: 1, startedAt: at(0) },
        { stepId: 'test', number: 1, startedAt: at(0) },
      ],
      events: [runStarted(at(0)), stepStarted('validate', 1, at(0)), stepStarted('test', 1, at(0))],
    });
    await store.events.commit(run.id, {
      steps: [
        { stepId: 'validate', status: 'succeeded', finishedAt: at(1), outputs: { n: 1 } },
        { stepId: 'test', status: 'running', attempts: 2, lastFailure: failure },
      ],
      attemptsFinished: [
        { stepId: 'validate', number: 1, status: 'succeeded', finishedAt: at(1), exitCode: 0 },
        { stepId: 'test', number: 1, status: 'failed', finishedAt: at(1), exitCode: 1, failure },
      ],
      attemptsStarted: [{ stepId: 'test', number: 2, startedAt: at(2) }],
      events: [stepStarted('test', 2, at(2))],
    });

    const overview = await store.runs.overview(run.id);
    expect(overview?.lastSeq).toBe(4);
    expect(overview?.fourEyes).toBe(true);
    expect(overview).not.toHaveProperty('definition');
    const [validate, tested, approve] = overview?.steps ?? [];
    expect(validate).toMatchObject({
      stepId: 'validate',
      dependsOn: [],
      status: 'succeeded',
      attemptCount: 1,
      startedAt: at(0),
      finishedAt: at(1),
      failure: null,
      attemptHistory: undefined,
    });
    expect(validate).not.toHaveProperty('outputs');
    expect(tested).toMatchObject({ dependsOn: ['validate'], attemptCount: 2, failure: 'exit 1' });
    expect(tested?.attemptHistory).toEqual([
      {
        number: 1,
        status: 'failed',
        startedAt: at(0),
        finishedAt: at(1),
        exitCode: 1,
        failure: 'exit 1',
      },
      {
        number: 2,
        status: 'running',
        startedAt: at(2),
        finishedAt: null,
        exitCode: null,
        failure: null,
      },
    ]);
    expect(approve).toMatchObject({
      dependsOn: ['test'],
      attemptCount: 0,
      attemptHistory: undefined,
    });
    expect(overview?.steps.map((s) => s.stepId)).toEqual(definition.steps.map((s) => s.id));
  });

  it('reads a ceremony step’s inputs and a waived four-eyes rule from the definition', async () => {
    const review = {
      ...definition.steps[2]!,
      action: 'request-review',
      with: { approvers: ['ops'], required_approvals: 2 },
    };
    const run = await store.runs.create(
      runInput({
        definition: {
          ...definition,
          fourEyes: false,
          steps: [...definition.steps.slice(0, 2), review],
        },
      }),
    );
    const overview = await store.runs.overview(run.id);
    expect(overview?.fourEyes).toBe(false);
    expect(overview?.steps.map((s) => s.approvalInputs)).toEqual([
      null,
      null,
      { approvers: ['ops'], required_approvals: 2 },
    ]);
  });

  it('is null for an unknown run', async () => {
    expect(await store.runs.overview('nosuchrun')).toBeNull();
  });
});
