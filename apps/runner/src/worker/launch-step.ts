import {
  type Action,
  type ActionContext,
  type FailureInfo,
  type LogStream,
  type SchedulerInput,
  StepFailure,
  secretNamesIn,
  toFailureInfo,
} from '@arcflow/engine';
import type { SecretResolver } from '../identity/secret-resolver.ts';
import { awaitApproval, type RunApprovalRules, type StoredDecision } from './await-approval.ts';
import type { LogLine } from './log-buffer.ts';
import { fillStepSecrets } from './step-environment.ts';
import { StepOutputFile } from './step-output-file.ts';

export interface StepLaunch {
  runId: string;
  stepId: string;
  attempt: number;
  /** When the run first started (`RunState.startedAt`), for `ActionContext.runStartedAt`. */
  runStartedAt: Date;
  workflowName: string;
  action: Action;
  /**
   * The step's `with`, expressions resolved; checked here against the action's schema. A
   * `${{ secrets.NAME }}` is still its sentinel here: filled in just before the action runs.
   */
  with: Record<string, unknown>;
  /** The step's environment, secrets as sentinels like `with`. */
  env: Record<string, string>;
  /** Gives the values of the secrets `with` and `env` name. */
  secrets: SecretResolver;
  /** Called with each secret's value before the action can print it: mask it from then on. */
  reveal(value: string): void;
  timeoutMs?: number;
  workspaceDir: string;
  log(line: LogLine): void;
  /** Feeds the scheduler: the step's result, and waiting/decisions of ceremony steps. */
  emit(input: SchedulerInput): void;
  /** Called once with the step's result, after which the step no longer runs here. */
  settle(input: SchedulerInput): void;
  pollDecisions(stepId: string, attempt: number, afterId: bigint): Promise<StoredDecision[]>;
  /** Calls `wake` when a decision may have been recorded for the run (a notification). */
  decisionsChanged?: (wake: () => void) => () => void;
  /** How often the approval wait reads decisions without being woken. */
  pollMs?: number;
  /** What decisions on a ceremony step are checked against (four-eyes, who started the run). */
  approvalRules: RunApprovalRules;
  /** Before the action: places the artifacts the step needs (`needs_artifacts`). */
  beforeRun?: () => Promise<void>;
  /** After the action succeeded, before its result is reported: keeps its `artifacts`. */
  afterSuccess?: () => Promise<void>;
  now(): Date;
}

/** Starts one attempt of a step's action; the returned controller aborts it. */
export function launchStep(launch: StepLaunch): AbortController {
  const { stepId, timeoutMs } = launch;
  const controller = new AbortController();
  const timer = timeoutMs ? setTimeout(() => controller.abort('timeout'), timeoutMs) : undefined;
  const finish = (input: SchedulerInput) => {
    clearTimeout(timer);
    launch.settle(input);
  };
  const fail = (failure: FailureInfo) =>
    finish({ type: 'step-failed', stepId, at: launch.now(), failure });

  const names = secretNamesIn([launch.with, launch.env]);
  if (names.length === 0) {
    run(launch, controller, { with: launch.with, env: launch.env }, fail, finish);
    return controller;
  }
  const scope = { workspaceDir: launch.workspaceDir, workflowName: launch.workflowName };
  launch.secrets.resolve(names, scope).then(
    (values) => {
      if (controller.signal.aborted) return fail(abortFailure(controller.signal, timeoutMs));
      for (const value of values.values()) launch.reveal(value);
      const missing = names.filter((name) => !values.has(name));
      if (missing.length > 0) {
        const message = missing
          .map((name) => `secret ${name} is not set in this workspace`)
          .join('; ');
        return fail({ reason: 'error', message, retriable: false });
      }
      run(
        launch,
        controller,
        fillStepSecrets({ with: launch.with, env: launch.env }, values),
        fail,
        finish,
      );
    },
    (error: unknown) =>
      fail({
        reason: 'error',
        message: `the step's secrets could not be read: ${error instanceof Error ? error.message : String(error)}`,
      }),
  );
  return controller;
}

/** Checks the step's inputs against its action's schema, then runs the action. */
function run(
  launch: StepLaunch,
  controller: AbortController,
  filled: { with: Record<string, unknown>; env: Record<string, string> },
  fail: (failure: FailureInfo) => void,
  finish: (input: SchedulerInput) => void,
): void {
  const { stepId, attempt, action, timeoutMs } = launch;
  const parsed = action.input.safeParse(filled.with);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${['with', ...i.path].join('.')}: ${i.message}`,
    );
    queueMicrotask(() =>
      fail({
        reason: 'error',
        message: `bad input for ${action.name}: ${problems.join('; ')}`,
        summary: `its inputs are wrong once expressions are filled in: ${problems.join('; ')}`,
        retriable: false,
      }),
    );
    return;
  }

  const lineTime = sharedTime(launch.now);
  const context = (outputFile: StepOutputFile | undefined): ActionContext<unknown> => ({
    input: parsed.data,
    workspaceDir: launch.workspaceDir,
    env: outputFile ? { ...filled.env, ARCFLOW_OUTPUT: outputFile.path } : filled.env,
    signal: controller.signal,
    stepId,
    attempt,
    runId: launch.runId,
    runStartedAt: launch.runStartedAt,
    log: (stream: LogStream, text: string) =>
      launch.log({ runId: launch.runId, stepId, attempt, stream, text, at: lineTime() }),
    requestApproval: (request) =>
      awaitApproval({
        stepId,
        attempt,
        request,
        rules: launch.approvalRules,
        signal: controller.signal,
        poll: (afterId) => launch.pollDecisions(stepId, attempt, afterId),
        ...(launch.decisionsChanged ? { decisionsChanged: launch.decisionsChanged } : {}),
        ...(launch.pollMs === undefined ? {} : { pollMs: launch.pollMs }),
        emit: launch.emit,
        ignored: (decision, reason) =>
          launch.log({
            runId: launch.runId,
            stepId,
            attempt,
            stream: 'system',
            text: `${decision.by}'s ${decision.decision === 'approve' ? 'approval' : 'rejection'} is not counted: ${reason}`,
            at: launch.now(),
          }),
        now: launch.now,
      }),
  });

  const { beforeRun, afterSuccess } = launch;
  // only actions that run the user's commands have a file to write outputs to
  let outputFile: StepOutputFile | undefined;
  Promise.resolve()
    .then(async () => {
      if (beforeRun) {
        await beforeRun().catch((error: unknown) => Promise.reject(artifactFailure(error)));
      }
      if (action.openOutputs) outputFile = StepOutputFile.create();
      const result = await action.run(context(outputFile));
      if (controller.signal.aborted) return result;
      const written = outputFile?.read();
      const merged = written
        ? { ...result, outputs: mergeOutputs(result.outputs, written, launch) }
        : result;
      if (!afterSuccess || result.skipped) return merged;
      await afterSuccess().catch((error: unknown) => Promise.reject(artifactFailure(error)));
      return merged;
    })
    .finally(() => outputFile?.remove())
    .then(
      (result) => {
        if (controller.signal.aborted) return fail(abortFailure(controller.signal, timeoutMs));
        finish({
          type: 'step-succeeded',
          stepId,
          at: launch.now(),
          outputs: result.outputs,
          summary: result.summary,
          ...(result.skipped === undefined ? {} : { skipped: result.skipped }),
        });
      },
      (error: unknown) => fail(toFailure(error, controller.signal, timeoutMs)),
    );
}

/** Placing or keeping artifacts failed: the step fails with that reason (retries apply). */
function artifactFailure(error: unknown): StepFailure {
  const message = error instanceof Error ? error.message : String(error);
  return new StepFailure({ reason: 'error', message });
}

/**
 * The action's own outputs (`exitCode`, a build's `artifacts`) win over the same names written
 * to `$ARCFLOW_OUTPUT`, so a script cannot make its step report what the action measured
 * differently; the log says which names were ignored.
 */
function mergeOutputs(
  own: Record<string, unknown> | undefined,
  written: Record<string, unknown>,
  launch: Pick<StepLaunch, 'runId' | 'stepId' | 'attempt' | 'now' | 'log'>,
): Record<string, unknown> | undefined {
  if (Object.keys(written).length === 0) return own;
  const ignored = Object.keys(written).filter(
    (name) => own !== undefined && Object.hasOwn(own, name),
  );
  if (ignored.length > 0) {
    launch.log({
      runId: launch.runId,
      stepId: launch.stepId,
      attempt: launch.attempt,
      stream: 'system',
      text: `$ARCFLOW_OUTPUT: ${ignored.join(', ')} ignored: the action sets ${ignored.length === 1 ? 'it' : 'them'} itself`,
      at: launch.now(),
    });
  }
  return { ...written, ...own };
}

/**
 * The clock for log lines: lines logged in one go (the lines of one read of a process's
 * output) share one `Date`, read once, instead of one each: a step printing millions of lines
 * then allocates a few objects per line fewer.
 */
function sharedTime(now: () => Date): () => Date {
  let current: Date | undefined;
  const expire = () => {
    current = undefined;
  };
  return () => {
    if (current === undefined) {
      current = now();
      queueMicrotask(expire);
    }
    return current;
  };
}

function abortFailure(signal: AbortSignal, timeoutMs: number | undefined): FailureInfo {
  return signal.reason === 'timeout'
    ? { reason: 'timeout', message: `timed out after ${timeoutMs} ms` }
    : { reason: 'canceled', message: 'canceled' };
}

function toFailure(
  error: unknown,
  signal: AbortSignal,
  timeoutMs: number | undefined,
): FailureInfo {
  if (!(error instanceof StepFailure) && signal.aborted) return abortFailure(signal, timeoutMs);
  return toFailureInfo(error);
}
