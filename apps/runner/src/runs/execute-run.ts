import { hostname } from 'node:os';
import type { RunRecord } from '@arcflow/db';
import {
  builtinActions,
  type RunEvent,
  type RunState,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { processEnvironment, retryDelayMs } from '../env.ts';
import { UserError } from '../errors.ts';
import type { Session } from '../session/session.ts';
import type { LogLine } from '../worker/log-buffer.ts';
import type { RetryNotice } from '../worker/retry.ts';
import { type ExecuteHow, RunExecutor } from '../worker/run-executor.ts';
import { inheritedStepEnv } from '../worker/step-environment.ts';
import { runStateFromRecord } from './run-state.ts';

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
  const { repo, env, inbox } = session;
  const owner = hooks.runnerId ?? runnerId;
  if (!(await repo.acquireLease(seen.id, owner, env.ARCFLOW_LEASE_MS))) {
    throw new UserError(
      `run ${seen.id} is being executed by another runner (${seen.leaseOwner ?? 'unknown'}); wait for it or cancel it`,
    );
  }
  inbox.clear(seen.id);
  try {
    // Read it again under the lease: a runner that held it before may have moved it on.
    const run = (await repo.getRun(seen.id)) ?? seen;
    const definition = run.definition as unknown as WorkflowDefinition;
    const executor = new RunExecutor(
      run.id,
      definition,
      runStateFromRecord(run),
      repo,
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
        lastSeq: run.lastSeq,
        workspaceDir: run.workspaceDir,
        baseEnv: inheritedStepEnv(processEnvironment()),
        cancelRequested: async () =>
          inbox.takeCancel(run.id) || (await repo.cancelRequested(run.id)),
        pollDecisions: async (stepId, attempt, afterId) => {
          // decisions posted from other terminals while the embedded database is ours
          for (const posted of inbox.takeDecisions(run.id, stepId)) {
            await repo.recordDecision({
              runId: run.id,
              stepId,
              attempt,
              decision: posted.decision,
              by: posted.by,
              comment: posted.comment ?? null,
              at: new Date(posted.at),
            });
          }
          return repo.listDecisions(run.id, stepId, attempt, afterId);
        },
        previousOwner: hooks.previousOwner,
        onStorageTrouble: hooks.onStorageTrouble,
        onEvent: hooks.onEvent,
        onLog: hooks.onLog,
      },
    );
    hooks.onCancelAvailable?.(() => executor.cancel());
    hooks.onHandBackAvailable?.(() => executor.handBack());
    return await executor.execute(how);
  } finally {
    inbox.clear(seen.id);
    await repo.releaseLease(seen.id, owner).catch(() => {});
  }
}
