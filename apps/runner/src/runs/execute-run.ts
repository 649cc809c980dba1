import { hostname } from 'node:os';
import { builtinActions, processSpawner } from '@arcflow/actions';
import type { RunRecord, Supersession } from '@arcflow/db';
import {
  ExpressionError,
  evaluateWorkflowOutputs,
  type RunEvent,
  type RunState,
  type TriggerEvent,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { stepArtifacts } from '../artifacts/step-artifacts.ts';
import { StepCache } from '../cache/step-cache.ts';
import { processEnvironment, retryDelayMs } from '../env.ts';
import { UserError } from '../errors.ts';
import { runSignalsOf } from '../events/run-signals.ts';
import type { Actor } from '../identity/actor.ts';
import { auditEntry } from '../identity/audit-trail.ts';
import type { SecretResolver } from '../identity/secret-resolver.ts';
import { sessionSecretResolver } from '../identity/secret-store-resolver.ts';
import { runTarget } from '../service/audit.ts';
import type { Session } from '../session/session.ts';
import type { SubWorkflowStarter } from '../worker/launch-child.ts';
import type { LogLine } from '../worker/log-buffer.ts';
import type { RetryNotice } from '../worker/retry.ts';
import { type Beginning, type ExecuteHow, RunExecutor } from '../worker/run-executor.ts';
import { inheritedStepEnv } from '../worker/step-environment.ts';
import { runStateFromRecord, runStateOnDefinition } from './run-state.ts';
import { withDeciders } from './with-deciders.ts';

export const runnerId = `${hostname()}:${process.pid}`;

export interface ExecuteHooks {
  maxParallel?: number;
  onEvent?: (event: RunEvent, state: RunState) => void;
  onLog?: (line: LogLine) => void;
  /** Receives a function that cancels the run (the CLI wires it to Ctrl-C). */
  onCancelAvailable?: (cancel: () => void) => void;
  /** Receives a function that hands the run back to other runners (service shutdown). */
  onHandBackAvailable?: (handBack: () => Promise<void>) => void;
  /** For `adopt`: the runner that held the run before. */
  previousOwner?: string | null;
  /** Storage failed and is being retried. */
  onStorageTrouble?: RetryNotice;
  /** Who holds the run's lease (default: this process, `host:pid`). */
  runnerId?: string;
  /** Where `${{ secrets.NAME }}` get their values (default: the session's secrets store). */
  secrets?: SecretResolver;
  /**
   * The runner serves a team (`serve --team`): decisions come only from the database — the
   * file inbox, which any step could write into, is not read — and decisions without a user
   * id count as one person.
   */
  team?: boolean;
  /** How often to look for cancels and decisions nobody announced (default 5 s). */
  safetyPollMs?: number;
  /** Sub-workflows: runs the child runs of `uses:` steps (see `subWorkflowStarter`). */
  subWorkflows?: SubWorkflowStarter;
}

/**
 * Executes a run in this process, holding its lease so that no other runner executes it
 * at the same time. Resolves with the run's final state.
 */
export async function executeRun(
  session: Session,
  seen: RunRecord,
  how: ExecuteHow,
  hooks: ExecuteHooks = {},
): Promise<RunState> {
  const { store, env, inbox } = session;
  processSpawner().warmUp(); // while the lease and the run are read
  const owner = hooks.runnerId ?? runnerId;
  if (!(await store.leases.acquire(seen.id, owner, env.ARCFLOW_LEASE_MS))) {
    throw new UserError(
      `run ${seen.id} is being executed by another runner (${seen.leaseOwner ?? 'unknown'}); wait for it or cancel it`,
    );
  }
  inbox.clear(seen.id);
  try {
    const { executor, beginning, definition } = await prepareExecutor(
      session,
      seen,
      how,
      hooks,
      owner,
    );
    hooks.onCancelAvailable?.(() => executor.cancel());
    hooks.onHandBackAvailable?.(() => executor.handBack());
    const final = await executor.execute(beginning);
    await recordOutputs(session, seen.id, definition, final);
    return final;
  } finally {
    inbox.clear(seen.id);
    await store.leases.release(seen.id, owner).catch(() => {});
  }
}

/**
 * Reads the run again under the lease and builds its executor. The record read is dropped
 * once this returns: for a run of thousands of steps it is megabytes the run does not need.
 */
async function prepareExecutor(
  session: Session,
  seen: RunRecord,
  how: ExecuteHow,
  hooks: ExecuteHooks,
  owner: string,
): Promise<{ executor: RunExecutor; beginning: Beginning; definition: WorkflowDefinition }> {
  const { store, env, inbox } = session;
  // Other terminals post decisions through the inbox only while this process holds the
  // embedded database; nothing else should be able to speak for a person.
  const readInbox = hooks.team !== true && session.db.kind === 'pglite';
  // Read it again under the lease: a runner that held it before may have moved it on.
  const run = (await store.runs.get(seen.id)) ?? seen;
  const runId = run.id;
  // A run canceled while it waited in the queue only ends: none of its steps start.
  const endOnly = how === 'start' && run.status === 'queued' && run.cancelRequestedAt !== null;
  // A re-telling asked for (a retry, a resume on a newer revision, a rerun) begins it.
  const order = (how === 'start' || how === 'resume') && !endOnly ? run.resumeRequest : null;
  // One copy of a definition in memory, not one per read of the run (thousands of steps).
  const definition =
    order?.switchTo?.definition ??
    (run.definitionHash === seen.definitionHash ? seen.definition : run.definition);
  const executor = new RunExecutor(
    run.id,
    definition,
    order?.switchTo
      ? runStateOnDefinition(run, definition, order.switchTo.inputs)
      : runStateFromRecord(run),
    store,
    builtinActions,
    {
      maxParallel:
        hooks.maxParallel ??
        definition.maxParallel ??
        env.ARCFLOW_MAX_PARALLEL ??
        env.defaultMaxParallel,
      retryDelayMs: retryDelayMs(env.ARCFLOW_RETRY_DELAY_MS),
      runnerId: owner,
      leaseMs: env.ARCFLOW_LEASE_MS,
      stepLogMaxBytes: env.ARCFLOW_STEP_LOG_MAX_BYTES,
      lastSeq: run.lastSeq,
      workspaceDir: run.workspaceDir,
      baseEnv: inheritedStepEnv(processEnvironment()),
      secrets: hooks.secrets ?? sessionSecretResolver(session),
      artifacts: stepArtifacts(session.blobs.artifacts, store.artifacts),
      runSignals: (wake) => {
        const stopListening = runSignalsOf(session.db).subscribe(runId, wake);
        const stopWatching = inbox.watch(runId, wake);
        return () => {
          stopListening();
          stopWatching();
        };
      },
      ...(hooks.safetyPollMs === undefined ? {} : { safetyPollMs: hooks.safetyPollMs }),
      cancelRequested: async () => {
        if (inbox.takeCancel(runId)) return {};
        const request = await store.runs.cancelRequest(runId);
        return request && supersession(request.supersededBy);
      },
      ...supersession(run.supersededBy),
      pollDecisions: async (stepId, attempt, afterId) => {
        // decisions posted from other terminals while the embedded database is ours
        for (const posted of readInbox ? inbox.takeDecisions(runId, stepId) : []) {
          await store.decisions.record({
            runId,
            stepId,
            attempt,
            decision: posted.decision,
            by: posted.by,
            comment: posted.comment ?? null,
            at: new Date(posted.at),
          });
          const person: Actor = {
            kind: 'local',
            name: posted.by,
            role: 'admin',
            from: { client: 'cli-local' },
          };
          await store.audit.append(
            auditEntry(person, `step.${posted.decision}`, runTarget(runId), {
              step: stepId,
              attempt,
              decision: posted.decision,
              ...(posted.comment ? { comment: posted.comment } : {}),
            }),
          );
        }
        return withDeciders(store, await store.decisions.list(runId, stepId, attempt, afterId));
      },
      startedByUserId: run.startedByUserId,
      ...(definition.steps.some((step) => step.cache !== undefined)
        ? { stepCache: new StepCache(session.blobs.cache) }
        : {}),
      noCache: run.noCache,
      team: hooks.team === true,
      ...(hooks.subWorkflows ? { subWorkflows: hooks.subWorkflows } : {}),
      previousOwner: hooks.previousOwner,
      onStorageTrouble: hooks.onStorageTrouble,
      onEvent: hooks.onEvent,
      onLog: hooks.onLog,
    },
  );
  return {
    executor,
    beginning: order ? { retell: order } : endOnly ? 'cancel' : how,
    definition,
  };
}

/**
 * Sub-workflows: a run that succeeded keeps its workflow's evaluated `outputs:`. One that
 * cannot be evaluated is left out here; the parent step of a child run says why.
 */
async function recordOutputs(
  session: Session,
  runId: string,
  definition: WorkflowDefinition,
  final: RunState,
): Promise<void> {
  if (final.status !== 'succeeded' || definition.outputs === undefined) return;
  let outputs: Record<string, unknown>;
  try {
    outputs = evaluateWorkflowOutputs(definition, final);
  } catch (error) {
    if (error instanceof ExpressionError) return;
    throw error;
  }
  await session.store.runs.setOutputs(runId, outputs);
}

/** The event of the newer run that replaces this one, as the executor takes it. */
function supersession(by: Supersession | null): { supersededBy?: TriggerEvent } {
  return by ? { supersededBy: by.event as unknown as TriggerEvent } : {};
}
