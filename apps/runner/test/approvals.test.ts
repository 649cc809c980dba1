import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AuditEntryRecord, createStore } from '@arcflow/db';
import { openTestDatabase, type TestBackend, type TestDatabase } from '@arcflow/db/testing';
import type { Role } from '@arcflow/engine';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiDeps, createApiContext } from '../src/api/context.ts';
import { appRouter } from '../src/api/router.ts';
import { readEnv } from '../src/env.ts';
import { createEventBus } from '../src/events/create-event-bus.ts';
import type { Actor } from '../src/identity/actor.ts';
import { createLogger } from '../src/logger.ts';
import { RunService } from '../src/service/run-service.ts';
import type { Session } from '../src/session/session.ts';
import { openBlobStores } from '../src/storage/open-blob-stores.ts';
import { WorkerLoop } from '../src/worker/worker-loop.ts';
import { workspaceStateDir } from '../src/workflows/locations.ts';
import { Inbox } from '../src/workspace/inbox.ts';
import { hasTestPostgres } from './helpers/env.ts';

/**
 * Approvals in team mode, end to end in one process: people call the API as signed-in users
 * (a tRPC caller whose context names them), a worker executes the runs, and the database is
 * real (PGlite, and PostgreSQL when the tests have one).
 */

const review = (name: string, withLines: string[], extra: string[] = []) =>
  [
    `name: ${name}`,
    ...extra,
    'steps:',
    '  - id: review',
    '    action: request-review',
    '    universe: ceremony',
    '    with:',
    '      prompt: Ship it?',
    ...withLines.map((line) => `      ${line}`),
    '  - id: ship',
    '    action: noop',
    '    depends_on: review',
    '',
  ].join('\n');

const WORKFLOWS: Record<string, string> = {
  'four-eyes': review('four-eyes', []),
  pair: review('pair', ['required_approvals: 2']),
  'carol-only': review('carol-only', ['approvers: [carol]']),
  waived: review('waived', [], ['four_eyes: false']),
};

const backends: TestBackend[] = hasTestPostgres() ? ['pglite', 'postgres'] : ['pglite'];

describe.each(backends)('approvals in team mode (%s)', (backend) => {
  let database: TestDatabase | undefined;
  let session: Session;
  let worker: WorkerLoop;
  let deps: ApiDeps;
  const people: Record<string, Actor> = {};

  const as = (who: string) =>
    appRouter.createCaller(
      createApiContext(deps, { mode: 'team', resolveActor: async () => people[who] }),
    );

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    const workspaceDir = database.workspaceDir;
    const dir = join(workspaceDir, '.mia', 'workflows');
    mkdirSync(dir, { recursive: true });
    for (const [name, yaml] of Object.entries(WORKFLOWS)) {
      writeFileSync(join(dir, `${name}.yaml`), yaml);
    }
    session = {
      env: readEnv({}),
      workspaceDir,
      db: database.db,
      store: createStore(database.db.prisma),
      inbox: new Inbox(workspaceStateDir(workspaceDir)),
      blobs: openBlobStores(readEnv({}), workspaceDir),
      close: async () => {},
    };
    const logger = createLogger({ level: 'silent' });
    worker = new WorkerLoop(session, { runnerId: `approvals-${backend}`, capacity: 8, logger });
    worker.start();
    deps = {
      session,
      service: new RunService(session, { by: 'workers', wake: () => worker.wake() }),
      bus: await createEventBus(session.db),
      logger,
      runnerId: `approvals-${backend}`,
    };
    const add = async (username: string, name: string, role: Role) => {
      const user = await session.store.users.create({ username, name, role });
      people[username] = { kind: 'user', userId: user.id, username, name, role };
    };
    await add('alice', 'Alice Doe', 'approver');
    await add('bob', 'Bob Roe', 'approver');
    await add('carol', 'Carol Poe', 'approver');
    await add('olga', 'Olga Operator', 'operator');
    await add('ada', 'Ada Admin', 'admin');
  }, 60_000);

  afterAll(async () => {
    await worker?.stop(1_000);
    await database?.cleanup();
  });

  const userIdOf = (who: string) => (people[who] as Extract<Actor, { kind: 'user' }>).userId;

  type RunJson = Awaited<ReturnType<ReturnType<typeof as>['runs']['get']>>;

  async function until(
    runId: string,
    done: (run: RunJson) => boolean,
    what: string,
  ): Promise<RunJson> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const run = await as('alice').runs.get({ runId });
      if (done(run)) return run;
      if (Date.now() > deadline) {
        throw new Error(
          `run ${runId} never ${what}: ${JSON.stringify(run.events.map((e) => e.story.text))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const waiting = (runId: string) =>
    until(runId, (run) => run.steps.find((s) => s.id === 'review')?.status === 'waiting', 'waited');
  const ended = (runId: string) =>
    until(runId, (run) => ['succeeded', 'failed', 'canceled'].includes(run.status), 'ended');
  const story = (run: RunJson) => run.events.map((e) => e.story.text);
  const auditOf = async (runId: string): Promise<AuditEntryRecord[]> =>
    (await session.store.audit.list({ targetType: 'run', targetId: runId })).reverse();

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: { code?: string; message?: string }) => ({
        code: error.code,
        message: error.message,
      }),
    );

  test('the person who started a run cannot approve it; someone else can, and the story names them', async () => {
    const started = await as('alice').runs.start({ workflow: 'four-eyes' });
    const alice = people.alice as Extract<Actor, { kind: 'user' }>;
    expect(started.startedBy).toEqual({ name: 'Alice Doe', userId: alice.userId });
    await waiting(started.id);

    const step = { runId: started.id, stepId: 'review' };
    const fourEyes = 'you started this run; someone else must approve (four-eyes rule)';
    expect(await as('alice').runs.canDecide(step)).toEqual({ ok: false, reason: fourEyes });
    expect(await as('bob').runs.canDecide(step)).toEqual({ ok: true });
    expect(await refusal(as('alice').runs.approve({ ...step, comment: 'mine, fine' }))).toEqual({
      code: 'FORBIDDEN',
      message: fourEyes,
    });

    await as('bob').runs.approve({ ...step, comment: 'LGTM' });
    const run = await ended(started.id);
    expect(run.status).toBe('succeeded');
    expect(story(run)).toContainEqual(
      expect.stringMatching(/^Bob Roe approved review — “LGTM” \(\d\d:\d\d UTC\)$/),
    );
    expect(story(run).join('\n')).not.toContain('Alice Doe approved');
    const approval = run.steps.find((s) => s.id === 'review')?.approval;
    expect(approval).toMatchObject({
      approvers: [],
      requiredApprovals: 1,
      fourEyes: true,
      decisions: [{ decision: 'approve', by: 'Bob Roe', comment: 'LGTM' }],
    });
    expect(run.startedBy?.name).toBe('Alice Doe');

    const trail = await auditOf(started.id);
    expect(trail.map((e) => [e.action, e.actorName])).toEqual([
      ['run.start', 'alice'],
      ['step.decision_refused', 'alice'],
      ['step.approve', 'bob'],
    ]);
    expect(trail[1]?.details).toMatchObject({ step: 'review', reason: fourEyes });
  });

  test('required_approvals: 2 needs two different people; the same person twice counts once', async () => {
    const { id: runId } = await as('alice').runs.start({ workflow: 'pair' });
    await waiting(runId);
    const step = { runId, stepId: 'review' };
    await as('bob').runs.approve(step);
    await as('bob').runs.approve({ ...step, comment: 'again' });
    const twice = await until(
      runId,
      (run) => run.events.filter((e) => e.type === 'step.approved').length === 2,
      'told both approvals',
    );
    expect(twice.steps.find((s) => s.id === 'review')?.status).toBe('waiting');
    expect(twice.status).toBe('waiting');

    await as('carol').runs.approve(step);
    const run = await ended(runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((s) => s.id === 'review')?.outputs).toMatchObject({
      approved_by: ['Bob Roe', 'Carol Poe'],
      approved_by_users: ['bob', 'carol'],
    });
  });

  test('approvers: [carol] refuses an approver who is not carol', async () => {
    const { id: runId } = await as('alice').runs.start({ workflow: 'carol-only' });
    await waiting(runId);
    const step = { runId, stepId: 'review' };
    expect(await refusal(as('bob').runs.approve(step))).toEqual({
      code: 'FORBIDDEN',
      message: 'only carol may decide this step',
    });
    // the role guard comes first: an operator may not decide at all
    expect(await refusal(as('olga').runs.approve(step))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await as('olga').runs.canDecide(step)).toEqual({
      ok: false,
      reason: 'deciding needs the approver role; you are operator',
    });
    await as('carol').runs.approve(step);
    expect((await ended(runId)).status).toBe('succeeded');
  });

  test('four_eyes: false lets the starter approve, and the story says the rule is waived', async () => {
    const { id: runId } = await as('alice').runs.start({ workflow: 'waived' });
    await waiting(runId);
    await as('alice').runs.approve({ runId, stepId: 'review', comment: 'solo' });
    const run = await ended(runId);
    expect(run.status).toBe('succeeded');
    expect(story(run)).toContain(
      'review waits for approval: "Ship it?" (the four-eyes rule is waived by this workflow)',
    );
    expect(story(run)).toContainEqual(expect.stringMatching(/^Alice Doe approved review — “solo”/));
  });

  test('a rejection fails the step with the rejecter’s words', async () => {
    const { id: runId } = await as('alice').runs.start({ workflow: 'four-eyes' });
    await waiting(runId);
    await as('bob').runs.reject({ runId, stepId: 'review', comment: 'needs tests' });
    const run = await ended(runId);
    expect(run.status).toBe('failed');
    expect(story(run)).toContain('review failed: rejected by Bob Roe: “needs tests”');
    const trail = await auditOf(runId);
    expect(trail.map((e) => e.action)).toEqual(['run.start', 'step.reject']);
  });

  test('who decides comes from the caller, never from the input', async () => {
    const { id: runId } = await as('alice').runs.start({ workflow: 'four-eyes' });
    await waiting(runId);
    const typed = { runId, stepId: 'review', by: 'Bob Roe' } as unknown as {
      runId: string;
      stepId: string;
    };
    expect(await refusal(as('alice').runs.approve(typed))).toMatchObject({ code: 'BAD_REQUEST' });
    await as('olga').runs.cancel({ runId });
    await ended(runId);
  });

  test('starting, canceling, resuming and approving are in the audit trail', async () => {
    const { id: runId } = await as('olga').runs.start({ workflow: 'four-eyes' });
    await waiting(runId);
    await as('olga').runs.cancel({ runId });
    expect((await ended(runId)).status).toBe('canceled');
    await as('alice').runs.resume({ runId });
    await waiting(runId);
    await as('bob').runs.approve({ runId, stepId: 'review' });
    expect((await ended(runId)).status).toBe('succeeded');
    const trail = await auditOf(runId);
    expect(trail.map((e) => [e.action, e.actorName, e.actorKind])).toEqual([
      ['run.start', 'olga', 'user'],
      ['run.cancel', 'olga', 'user'],
      ['run.resume', 'alice', 'user'],
      ['step.approve', 'bob', 'user'],
    ]);
    expect(trail.every((e) => e.actorUserId !== null)).toBe(true);
  });

  test('saving and restoring a workflow and customising a template are audited, by who did it', async () => {
    const first = await as('ada').workflows.save({
      name: 'waived',
      yaml: `${WORKFLOWS.waived}# reviewed\n`,
    });
    await as('ada').workflows.save({ name: 'waived', yaml: WORKFLOWS.waived! });
    await as('ada').workflows.restore({ name: 'waived', ref: first.revision.shortId });
    await as('ada').templates.customize({ template: 'first-arc', as: 'ada-arc' });
    const trail = (await session.store.audit.list({ actorUserId: userIdOf('ada') })).reverse();
    expect(trail.map((e) => [e.action, e.targetId])).toEqual([
      ['workflow.save', 'waived'],
      ['workflow.save', 'waived'],
      ['workflow.restore', 'waived'],
      ['template.customise', 'ada-arc'],
    ]);
    const history = await as('ada').workflows.history({ name: 'waived' });
    // who made each revision: Alice's run recorded the first, Ada's save the next
    expect(new Set(history.revisions.map((r) => r.createdBy))).toEqual(
      new Set(['Ada Admin', 'Alice Doe']),
    );
  });
});
