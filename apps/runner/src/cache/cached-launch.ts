import { cacheHitText, type SchedulerInput } from '@arcflow/engine';
import { launchStep, type StepLaunch } from '../worker/launch-step.ts';
import { stepCacheKey } from './cache-key.ts';
import { hashInputFiles } from './input-files.ts';
import type { StepCache } from './step-cache.ts';

export interface StepCaching {
  cache: StepCache;
  /** The step's `cache.inputs`. */
  inputs: readonly string[];
  /** The step's `cache.key`, resolved. */
  key: string;
  /** The workflow's and the step's own `env:`, resolved (not the inherited environment). */
  ownEnv: Record<string, string>;
  /** Run it even on a hit (`--no-cache`); its result is still stored for the next run. */
  skipLookup: boolean;
  /** The step's result as it will be told, secrets masked: what the cache keeps. */
  mask(input: SchedulerInput): SchedulerInput;
  /**
   * For a step with `artifacts:`: on a hit, places the artifacts the cached execution kept
   * and keeps them again for this run. Throws when they are gone (expired, deleted): a miss.
   */
  restoreArtifacts?: (from: { runId: string; stepId: string }) => Promise<void>;
}

/**
 * Starts a step that has `cache:`. Its key (`stepCacheKey`) is computed from the input files
 * as they are before it runs; on a hit the action does not run and the recorded outputs are
 * its result, told with "already told: …"; on a miss it runs, and a success is recorded
 * before the step is settled (so the next run finds it, even right after this process
 * ends). A cache that cannot be read or written only costs time: the step runs, and the log
 * says why.
 */
export function launchCachedStep(launch: StepLaunch, caching: StepCaching): AbortController {
  const outer = new AbortController();
  const say = (text: string) =>
    launch.log({
      runId: launch.runId,
      stepId: launch.stepId,
      attempt: launch.attempt,
      stream: 'system',
      text,
      at: launch.now(),
    });
  const canceled = () =>
    launch.settle({
      type: 'step-failed',
      stepId: launch.stepId,
      at: launch.now(),
      failure:
        outer.signal.reason === 'timeout'
          ? { reason: 'timeout', message: 'timed out' }
          : { reason: 'canceled', message: 'canceled' },
    });

  const begin = async () => {
    let key: string | undefined;
    try {
      const files = await hashInputFiles(launch.workspaceDir, caching.inputs);
      key = stepCacheKey({
        workflow: launch.workflowName,
        stepId: launch.stepId,
        action: launch.action.name,
        with: launch.with,
        env: caching.ownEnv,
        key: caching.key,
        files,
      });
      if (caching.skipLookup) {
        say(
          'the step cache is off for this run (--no-cache, or unticked in the run form): running the step',
        );
      } else {
        let entry = await caching.cache.lookup(key);
        if (outer.signal.aborted) return canceled();
        if (entry && caching.restoreArtifacts) {
          try {
            await caching.restoreArtifacts(entry);
          } catch (error) {
            say(
              `the step cache has run ${entry.runId}'s result but not its artifacts (${messageOf(error)}): running the step`,
            );
            entry = undefined;
          }
          if (outer.signal.aborted) return canceled();
        }
        if (entry) {
          say(
            `restored from the step cache: run ${entry.runId}, attempt ${entry.attempt} of ${entry.stepId} (key ${key.slice(0, 12)}, ${files.length} input files)`,
          );
          return launch.settle({
            type: 'step-succeeded',
            stepId: launch.stepId,
            at: launch.now(),
            outputs: entry.outputs,
            summary: cacheHitText(entry.runId),
          });
        }
      }
    } catch (error) {
      say(`the step cache could not be read (${messageOf(error)}): running the step`);
      key = undefined;
    }
    if (outer.signal.aborted) return canceled();
    const settleAndStore = async (input: SchedulerInput) => {
      if (key !== undefined && input.type === 'step-succeeded' && input.skipped === undefined) {
        const told = caching.mask(input);
        try {
          await caching.cache.save(key, {
            version: 1,
            outputs: told.type === 'step-succeeded' ? (told.outputs ?? {}) : {},
            runId: launch.runId,
            stepId: launch.stepId,
            attempt: launch.attempt,
            at: input.at.toISOString(),
            artifacts: [],
          });
        } catch (error) {
          say(`the step cache could not store this result (${messageOf(error)})`);
        }
      }
      launch.settle(input);
    };
    const inner = launchStep({ ...launch, settle: (input) => void settleAndStore(input) });
    outer.signal.addEventListener('abort', () => inner.abort(outer.signal.reason), { once: true });
  };
  void begin();
  return outer;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
