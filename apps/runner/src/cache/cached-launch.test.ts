import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellAction } from '@arcflow/actions';
import type { SchedulerInput } from '@arcflow/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processEnvironment } from '../env.ts';
import { FsBlobStore } from '../storage/fs-blob-store.ts';
import type { StepLaunch } from '../worker/launch-step.ts';
import type { LogLine } from '../worker/log-buffer.ts';
import { launchCachedStep } from './cached-launch.ts';
import { StepCache } from './step-cache.ts';

describe('launchCachedStep', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'arcflow-cached-'));
    writeFileSync(join(dir, 'input.txt'), 'one');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the counting step once through the cache; resolves with its result and log. */
  const launch = (cache: StepCache, runId: string) =>
    new Promise<{ result: SchedulerInput; log: string[] }>((resolve) => {
      const log: string[] = [];
      const step: StepLaunch = {
        runId,
        stepId: 'count',
        attempt: 1,
        runStartedAt: new Date(),
        workflowName: 'flow',
        action: shellAction,
        with: {
          run: 'echo ran >> count.log && echo "n=$(wc -l < count.log)" >> "$ARCFLOW_OUTPUT"',
        },
        env: { PATH: processEnvironment().PATH ?? '/usr/bin:/bin' },
        secrets: { resolve: async () => new Map() },
        reveal: () => {},
        workspaceDir: dir,
        log: (line: LogLine) => log.push(line.text),
        emit: () => {},
        settle: (result) => resolve({ result, log }),
        pollDecisions: async () => [],
        approvalRules: { fourEyes: true, startedByUserId: null, localDecisionsCountOnce: false },
        now: () => new Date(),
      };
      launchCachedStep(step, {
        cache,
        inputs: ['input.txt'],
        key: '',
        ownEnv: {},
        skipLookup: false,
        mask: (input) => input,
      });
    });
  const executions = () => readFileSync(join(dir, 'count.log'), 'utf8').trim().split('\n').length;

  it('answers from the cache the second time, with the first run named', async () => {
    const cache = new StepCache(new FsBlobStore(join(dir, '.mia', 'cache')));
    const first = await launch(cache, 'run-1');
    expect(first.result).toMatchObject({ type: 'step-succeeded', outputs: { n: '1' } });
    const second = await launch(cache, 'run-2');
    expect(executions()).toBe(1);
    expect(second.result).toMatchObject({
      type: 'step-succeeded',
      outputs: { n: '1', exitCode: 0 },
      summary: 'already told: no input changed since run run-1',
    });
  });

  it('runs the step when the store cannot be read, and says why', async () => {
    writeFileSync(join(dir, 'not-a-directory'), '');
    const broken = new StepCache(new FsBlobStore(join(dir, 'not-a-directory', 'cache')));
    const ran = await launch(broken, 'run-1');
    expect(ran.result).toMatchObject({ type: 'step-succeeded', outputs: { n: '1' } });
    expect(ran.log.join('\n')).toMatch(/the step cache could not be read \(.*\): running the step/);
    expect(executions()).toBe(1);
  });
});
