import { builtinActions } from '@arcflow/actions';
import { createStore, EVENTS_CHANNEL, openDatabase, type RunRecord } from '@arcflow/db';
import { openTestDatabase, type TestBackend, type TestDatabase } from '@arcflow/db/testing';
import {
  builtinActionSpecs,
  initialRunState,
  parseWorkflow,
  type RunEvent,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readEnv } from '../src/env.ts';
import { noSecretsSet } from '../src/identity/secret-resolver.ts';
import { executeRun } from '../src/runs/execute-run.ts';
import type { Session } from '../src/session/session.ts';
import { openBlobStores } from '../src/storage/open-blob-stores.ts';
import { RunExecutor } from '../src/worker/run-executor.ts';
import { workspaceStateDir } from '../src/workflows/locations.ts';
import { Inbox } from '../src/workspace/inbox.ts';
import { hasTestPostgres } from './helpers/env.ts';
import { sleep, waitFor, waitForAsync } from './helpers/workspace.ts';

/**
 * What one scheduler tick writes: several steps finishing together, their logs and the
 * steps they free are committed as one (one NOTIFY), and requests recorded elsewhere reach
 * the executing runner by notification, not by a poll.
 */

const backends: TestBackend[] = hasTestPostgres() ? ['pglite', 'postgres'] : ['pglite'];
const AN_HOUR = 3_600_000;
/** A run that waits until it is canceled. */
const SLEEPER = [
  'name: long',
  'steps:',
  '  - id: wait',
  '    action: shell',
  '    with: { run: sleep 60 }',
  '',
].join('\n');

function definitionOf(yaml: string): WorkflowDefinition {
  const { definition } = parseWorkflow(yaml, { file: 'test.yaml', actions: builtinActionSpecs });
  if (!definition) throw new Error('test workflow does not parse');
  return definition as WorkflowDefinition;
}

describe.each(backends)('one tick, one commit (%s)', (backend) => {
  let database: TestDatabase;
  let session: Session;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    session = {
      env: readEnv({}),
      workspaceDir: database.workspaceDir,
      db: database.db,
      store: createStore(database.db.prisma),
      inbox: new Inbox(workspaceStateDir(database.workspaceDir)),
      blobs: openBlobStores(readEnv({}), database.workspaceDir),
      close: async () => {},
    };
  }, 60_000);

  afterAll(async () => {
    await database?.cleanup();
  });

  async function createRun(yaml: string, leased = true): Promise<RunRecord> {
    const definition = definitionOf(yaml);
    return session.store.runs.create({
      workflowName: definition.name,
      workspaceDir: database.workspaceDir,
      definitionYaml: yaml,
      definition,
      triggeredBy: 'test',
      ...(leased ? { lease: { owner: 'test-runner', ttlMs: 60_000 } } : {}),
    });
  }

  /**
   * Executes `run` with no safety poll within the test's time (only a notification can reach
   * it) until `stepId` has had an event of `type`; `final` is the run's ending, still to come.
   */
  async function executeUntil(
    run: RunRecord,
    runnerId: string,
    type: RunEvent['type'],
    stepId: string,
  ): Promise<{ final: ReturnType<typeof executeRun> }> {
    const seen: string[] = [];
    const final = executeRun(session, run, 'start', {
      runnerId,
      safetyPollMs: AN_HOUR,
      onEvent: (event) => {
        if (event.type === type) seen.push(event.stepId!);
      },
    });
    await waitFor(() => seen.includes(stepId));
    return { final };
  }

  test('two steps finishing together and the step they free share one NOTIFY, with their logs', async () => {
    const yaml = [
      'name: join',
      'steps:',
      '  - id: left',
      '    action: noop',
      '    with: { message: left says hello }',
      '  - id: right',
      '    action: noop',
      '    with: { message: right says hello }',
      '  - id: joined',
      '    action: noop',
      '    depends_on: [left, right]',
      '',
    ].join('\n');
    const run = await createRun(yaml);
    const notified: number[] = [];
    // When each notification arrives, what the log held: logs are never behind the result.
    const logsAtNotification = new Map<number, string[]>();
    let listening = false;
    const unlisten = await session.db.listen(EVENTS_CHANNEL, (payload) => {
      if (payload === `${run.id}:0`) listening = true;
      if (!payload.startsWith(`${run.id}:`) || listening === false) return;
      const lastSeq = Number(payload.slice(run.id.length + 1));
      if (lastSeq === 0) return;
      notified.push(lastSeq);
      void session.store.logs.list(run.id).then((lines) =>
        logsAtNotification.set(
          lastSeq,
          lines.map((l) => l.text),
        ),
      );
    });
    try {
      // PostgreSQL's LISTEN connects in the background: hear a probe before the run starts
      await waitForAsync(async () => {
        await session.db.prisma.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${`${run.id}:0`})`;
        await sleep(100);
        return listening;
      });
      const definition = definitionOf(yaml);
      const executor = new RunExecutor(
        run.id,
        definition,
        initialRunState(definition),
        session.store,
        builtinActions,
        {
          maxParallel: 4,
          retryDelayMs: () => 0,
          runnerId: 'test-runner',
          leaseMs: 60_000,
          lastSeq: 0,
          workspaceDir: database.workspaceDir,
          baseEnv: {},
          secrets: noSecretsSet,
          cancelRequested: async () => null,
          pollDecisions: async () => [],
        },
      );
      expect((await executor.execute('start')).status).toBe('succeeded');
      const events = await session.store.events.list(run.id);
      const last = events.at(-1)!.seq;
      await waitFor(() => notified.includes(last) && logsAtNotification.has(last));

      const seqOf = (type: string, stepId: string) =>
        events.find((e: RunEvent) => e.type === type && e.stepId === stepId)!.seq;
      // the notification that announced each event: the first one at or after its seq
      const notificationOf = (seq: number) => notified.find((lastSeq) => lastSeq >= seq)!;
      const together = notificationOf(seqOf('step.succeeded', 'left'));
      expect(notificationOf(seqOf('step.succeeded', 'right'))).toBe(together);
      expect(notificationOf(seqOf('step.started', 'joined'))).toBe(together);
      // start, the two results with the join's start, its result with the run's end
      expect(notified).toHaveLength(3);
      await waitFor(() => logsAtNotification.has(together));
      expect(logsAtNotification.get(together)).toEqual(
        expect.arrayContaining(['left says hello', 'right says hello']),
      );
    } finally {
      await unlisten();
    }
  });

  test('a cancel recorded by another connection stops the run without waiting for a poll', async () => {
    const run = await createRun(SLEEPER, false);
    const { final } = await executeUntil(run, `cancel-${backend}`, 'step.started', 'wait');
    if (backend === 'postgres') {
      // another process: its own connection to the same database
      const other = await openDatabase({
        databaseUrl: database.databaseUrl,
        workspaceDir: database.workspaceDir,
      });
      try {
        await createStore(other.prisma).runs.requestCancel(run.id, new Date());
      } finally {
        await other.close();
      }
    } else {
      // another terminal cannot open the embedded database: it leaves a note in the inbox
      new Inbox(workspaceStateDir(database.workspaceDir)).requestCancel(run.id);
    }
    expect((await final).status).toBe('canceled');
  }, 30_000);

  test('a cancel recorded in this process (the API of `serve`) reaches the run by notification', async () => {
    const run = await createRun(SLEEPER, false);
    const { final } = await executeUntil(run, `cancel-here-${backend}`, 'step.started', 'wait');
    await session.store.runs.requestCancel(run.id, new Date());
    expect((await final).status).toBe('canceled');
  }, 30_000);

  test('a decision recorded while a step waits is read at once, not at the next poll', async () => {
    const run = await createRun(
      [
        'name: review',
        'four_eyes: false',
        'steps:',
        '  - id: review',
        '    action: request-review',
        '    universe: ceremony',
        '    with: { prompt: Ship it? }',
        '',
      ].join('\n'),
      false,
    );
    const { final } = await executeUntil(run, `decide-${backend}`, 'step.waiting', 'review');
    await session.store.decisions.record({
      runId: run.id,
      stepId: 'review',
      attempt: 1,
      decision: 'approve',
      by: 'Alice',
      comment: null,
      at: new Date(),
    });
    expect((await final).status).toBe('succeeded');
  }, 30_000);
});
