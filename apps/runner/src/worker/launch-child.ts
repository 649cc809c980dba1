import {
  type ChildOutcome,
  type FailureInfo,
  type SchedulerInput,
  secretNamesIn,
} from '@arcflow/engine';
import type { LogLine } from './log-buffer.ts';

/** What a `uses:` step asks for: run `uses` as a child run of the step and say how it ended. */
export interface ChildRequest {
  parentRunId: string;
  stepId: string;
  attempt: number;
  uses: string;
  /** The step's `with`, expressions resolved: the child's inputs. */
  inputs: Record<string, unknown>;
  /**
   * Aborted when the parent step must stop: `canceled` and `timeout` cancel the child,
   * `handed-back` leaves it to the runner that adopts the parent.
   */
  signal: AbortSignal;
  /** A line for the parent step's log (which child run, what it does). */
  log(text: string): void;
}

/** Runs (or resumes) the child run of a `uses:` step to its end. */
export type SubWorkflowStarter = (request: ChildRequest) => Promise<ChildOutcome>;

export interface ChildLaunch {
  request: Omit<ChildRequest, 'signal' | 'log'>;
  timeoutMs?: number;
  start: SubWorkflowStarter | undefined;
  log(line: LogLine): void;
  now(): Date;
  /** Called once with the step's result. */
  settle(input: SchedulerInput): void;
}

/**
 * Starts one attempt of a `uses:` step: the child run, through `start`; its outcome becomes
 * the step's result. The returned controller stops it (the child is canceled with it).
 */
export function launchChild(launch: ChildLaunch): AbortController {
  const { request, timeoutMs } = launch;
  const { stepId, attempt, parentRunId } = request;
  const controller = new AbortController();
  const timer = timeoutMs ? setTimeout(() => controller.abort('timeout'), timeoutMs) : undefined;
  const fail = (failure: FailureInfo) => {
    clearTimeout(timer);
    launch.settle({ type: 'step-failed', stepId, at: launch.now(), failure });
  };
  const refusal = refuse(request, launch.start);
  if (refusal !== undefined) {
    queueMicrotask(() => fail({ reason: 'error', message: refusal, retriable: false }));
    return controller;
  }
  const log = (text: string) =>
    launch.log({ runId: parentRunId, stepId, attempt, stream: 'system', text, at: launch.now() });
  launch.start!({ ...request, signal: controller.signal, log }).then(
    (outcome) => {
      if (outcome.kind === 'failed') {
        const reason = controller.signal.reason;
        if (reason === 'timeout') {
          return fail({
            ...outcome.failure,
            reason: 'timeout',
            message: `timed out after ${timeoutMs} ms; ${outcome.failure.message}`,
          });
        }
        return fail(outcome.failure);
      }
      clearTimeout(timer);
      launch.settle({
        type: 'step-succeeded',
        stepId,
        at: launch.now(),
        outputs: outcome.outputs,
        summary: outcome.summary,
      });
    },
    (error: unknown) =>
      fail({
        reason: 'error',
        message: `workflow ${request.uses} could not run: ${error instanceof Error ? error.message : String(error)}`,
        retriable: false,
      }),
  );
  return controller;
}

/** Why the child cannot start at all; undefined when it can. */
function refuse(
  request: ChildLaunch['request'],
  start: SubWorkflowStarter | undefined,
): string | undefined {
  if (start === undefined) return `this runner cannot start sub-workflows (uses: ${request.uses})`;
  const secrets = secretNamesIn(request.inputs);
  if (secrets.length > 0) {
    return `with: passes \${{ secrets.${secrets[0]} }} to workflow ${request.uses}; a secret is not an input: let ${request.uses} read \${{ secrets.${secrets[0]} }} itself`;
  }
  return undefined;
}
