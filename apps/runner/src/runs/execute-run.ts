import { hostname } from 'node:os';
import { builtinActions, processSpawner } from '@arcflow/actions';
import type { RunRecord, Supersession } from '@arcflow/db';
import type { RunEvent, RunState, TriggerEvent } from '@arcflow/engine';
import { processEnvironment, retryDelayMs } from '../env.ts';
import { UserError } from '../errors.ts';
import { runSignalsOf } from '../events/run-signals.ts';
import type { Actor } from '../identity/actor.ts';
import { auditEntry } from '../identity/audit-trail.ts';
import type { SecretResolver } from '../identity/secret-resolver.ts';
import { sessionSecretResolver } from '../identity/secret-store-resolver.ts';
import { runTarget } from '../service/audit.ts';
import type { Session } from '../session/session.ts';
import type { LogLine } from '../worker/log-buffer.ts';
import type { RetryNotice } from '../worker/retry.ts';
import { type ExecuteHow, RunExecutor } from '../worker/run-executor.ts';
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
  // Other terminals post decisions through the inbox only while this process holds the
  // embedded database; nothing else should be able to speak for a person.
  const readInbox = hooks.team !== true && session.db.kind === 'pglite';
  if (!(await store.leases.acquire(seen.id, owner, env.ARCFLOW_LEASE_MS))) {
    throw new UserError(
      `run ${seen.id} is being executed by another runner (${seen.leaseOwner ?? 'unknown'}); wait for it or cancel it`,
    );
  }
  inbox.clear(seen.id);
  try {
    // Read it again under the lease: a runner that held it before may have moved it on.
    const run = (await store.runs.get(seen.id)) ?? seen;
    // A run canceled while it waited in the queue only ends: none of its steps start.
    const endOnly = how === 'start' && run.status === 'queued' && run.cancelRequestedAt !== null;
    // A re-telling asked for (a retry, a resume on a newer revision, a rerun) begins it.
    const order = (how === 'start' || how === 'resume') && !endOnly ? run.resumeRequest : null;
    const definition = order?.switchTo?.definition ?? run.definition;
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
        runSignals: (wake) => {
          const stopListening = runSignalsOf(session.db).subscribe(run.id, wake);
          const stopWatching = inbox.watch(run.id, wake);
          return () => {
            stopListening();
            stopWatching();
          };
        },
        ...(hooks.safetyPollMs === undefined ? {} : { safetyPollMs: hooks.safetyPollMs }),
        cancelRequested: async () => {
          if (inbox.takeCancel(run.id)) return {};
          const request = await store.runs.cancelRequest(run.id);
          return request && supersession(request.supersededBy);
        },
        ...supersession(run.supersededBy),
        pollDecisions: async (stepId, attempt, afterId) => {
          // decisions posted from other terminals while the embedded database is ours
          for (const posted of readInbox ? inbox.takeDecisions(run.id, stepId) : []) {
            await store.decisions.record({
              runId: run.id,
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
              auditEntry(person, `step.${posted.decision}`, runTarget(run.id), {
                step: stepId,
                attempt,
                decision: posted.decision,
                ...(posted.comment ? { comment: posted.comment } : {}),
              }),
            );
          }
          return withDeciders(store, await store.decisions.list(run.id, stepId, attempt, afterId));
        },
        startedByUserId: run.startedByUserId,
        team: hooks.team === true,
        previousOwner: hooks.previousOwner,
        onStorageTrouble: hooks.onStorageTrouble,
        onEvent: hooks.onEvent,
        onLog: hooks.onLog,
      },
    );
    hooks.onCancelAvailable?.(() => executor.cancel());
    hooks.onHandBackAvailable?.(() => executor.handBack());
    return await executor.execute(order ? { retell: order } : endOnly ? 'cancel' : how);
  } finally {
    inbox.clear(seen.id);
    await store.leases.release(seen.id, owner).catch(() => {});
  }
}

/** The event of the newer run that replaces this one, as the executor takes it. */
function supersession(by: Supersession | null): { supersededBy?: TriggerEvent } {
  return by ? { supersededBy: by.event as unknown as TriggerEvent } : {};
}
