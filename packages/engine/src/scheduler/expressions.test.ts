import { describe, expect, it } from 'vitest';
import type { FailureInfo } from '../actions/types.ts';
import type { WorkflowInputDefinition } from '../definition/types.ts';
import { simulateRun, testStep, testWorkflow, waitThenApprove } from '../testing/harness.ts';
import { decide, initialRunState } from './scheduler.ts';
import type { RunState, SchedulerCommand, SchedulerOptions } from './types.ts';

const options: SchedulerOptions = { maxParallel: 4, retryDelayMs: () => 1000 };
const at = (ms: number) => new Date(ms);
const anyone = { approvers: [], requiredApprovals: 1, fourEyes: true };
const environment: WorkflowInputDefinition = {
  name: 'environment',
  type: 'string',
  default: 'staging',
  required: false,
};
const texts = (events: { type: string; story: { text: string } }[], type: string) =>
  events.filter((e) => e.type === type).map((e) => e.story.text);
const starts = (commands: Array<{ command: SchedulerCommand }>) =>
  commands.flatMap(({ command }) => (command.type === 'start-step' ? [command] : []));

describe('if: conditions', () => {
  const def = testWorkflow(
    [
      testStep('test'),
      testStep('deploy', ['test'], { if: "inputs.environment == 'production'" }),
      testStep('announce', ['deploy']),
      testStep('report', ['test']),
    ],
    { inputs: [environment] },
  );

  it('skips a step whose condition is false, and its dependents, and the run succeeds', () => {
    const result = simulateRun(def);
    expect(result.state.status).toBe('succeeded');
    expect(result.state.steps.deploy).toMatchObject({ status: 'skipped', skipReason: 'condition' });
    expect(result.state.steps.announce).toMatchObject({
      status: 'skipped',
      skipReason: 'upstream-condition',
    });
    expect(result.state.steps.report?.status).toBe('succeeded');
    const skipped = result.events.filter((e) => e.type === 'step.skipped');
    expect(skipped.map((e) => [e.stepId, e.story.kind, e.story.text, e.data])).toEqual([
      [
        'deploy',
        'fallout',
        `deploy is skipped: its condition "inputs.environment == 'production'" is false`,
        { condition: "inputs.environment == 'production'", reason: 'condition' },
      ],
      [
        'announce',
        'fallout',
        'announce is skipped because deploy was skipped by its condition',
        { because: 'deploy', reason: 'upstream-condition' },
      ],
    ]);
    expect(result.events.at(-1)).toMatchObject({
      type: 'run.succeeded',
      story: { text: 'test-flow completes: 2 of 4 beats told (2 skipped by conditions) in 2s.' },
    });
  });

  it('runs the step when the condition is true', () => {
    const result = simulateRun(def, { inputs: { environment: 'production' } });
    expect(result.state.inputs).toEqual({ environment: 'production' });
    expect(result.timeline.map((t) => t.stepId)).toEqual(['test', 'deploy', 'report', 'announce']);
    expect(result.state.status).toBe('succeeded');
  });

  it('reads the outputs of upstream steps', () => {
    const gated = testWorkflow([
      testStep('test'),
      testStep('deploy', ['test'], { if: `\${{ steps.test.outputs.failed == 0 }}` }),
    ]);
    const ok = simulateRun(gated, { outcomes: { test: [{ outputs: { failed: 0 } }] } });
    expect(ok.state.steps.deploy?.status).toBe('succeeded');
    const bad = simulateRun(gated, { outcomes: { test: [{ outputs: { failed: 2 } }] } });
    expect(bad.state.steps.deploy?.status).toBe('skipped');
    expect(bad.state.status).toBe('succeeded');
  });

  it('fails a step, for good, whose condition cannot be evaluated', () => {
    const broken = testWorkflow([
      testStep('test'),
      testStep('deploy', ['test'], { if: 'steps.test.outputs.report.failed > 0', retries: 3 }),
      testStep('after', ['deploy']),
    ]);
    const result = simulateRun(broken);
    expect(result.state.status).toBe('failed');
    expect(result.state.steps.deploy).toMatchObject({ status: 'failed', attempts: 0 });
    expect(result.state.steps.after).toMatchObject({ status: 'skipped', skipReason: 'upstream' });
    expect(texts(result.events, 'step.failed')).toEqual([
      'deploy could not start: its condition "steps.test.outputs.report.failed > 0" could not be evaluated: cannot read "failed" of steps.test.outputs.report, which is undefined',
    ]);
    expect(result.events.find((e) => e.type === 'step.failed')?.data).toMatchObject({
      retriable: false,
    });
  });

  it('evaluates a condition-skipped step again on resume', () => {
    const flaky = testWorkflow([
      testStep('a'),
      testStep('b', ['a'], { if: 'steps.a.outputs.go' }),
      testStep('c'),
    ]);
    const failing: FailureInfo = { reason: 'exit-code', message: 'x', exitCode: 1 };
    let state: RunState = initialRunState(flaky);
    state = decide(flaky, state, { type: 'start', at: at(0) }, options).state;
    state = decide(
      flaky,
      state,
      { type: 'step-succeeded', stepId: 'a', at: at(1), outputs: {} },
      options,
    ).state;
    expect(state.steps.b?.status).toBe('skipped');
    state = decide(
      flaky,
      state,
      { type: 'step-failed', stepId: 'c', at: at(2), failure: failing },
      options,
    ).state;
    expect(state.status).toBe('failed');
    const resumed = decide(flaky, state, { type: 'resume', at: at(3) }, options);
    expect(resumed.state.steps.b).toMatchObject({ status: 'skipped', skipReason: 'condition' });
    expect(resumed.state.steps.c?.status).toBe('running');
    expect(resumed.events.map((e) => e.type)).toEqual([
      'run.resumed',
      'step.skipped',
      'step.started',
    ]);
  });

  it('treats a stored state without inputs as having none', () => {
    const state = initialRunState(def) as Partial<RunState>;
    delete state.inputs;
    const t = decide(def, state as RunState, { type: 'start', at: at(0) }, options);
    expect(t.commands.map((c) => c.type === 'start-step' && c.stepId)).toEqual(['test']);
  });
});

describe('with and env', () => {
  it('resolves expressions into the start-step command', () => {
    const def = testWorkflow(
      [
        testStep('build'),
        testStep('deploy', ['build'], {
          with: {
            run: `./deploy.sh \${{ steps.build.outputs.sha }} --to \${{ inputs.environment }}`,
            options: { replicas: `\${{ steps.build.outputs.replicas }}`, keep: 'as is' },
          },
          env: {
            TARGET: `\${{ inputs.environment }}`,
            COUNT: `\${{ steps.build.outputs.replicas }}`,
          },
        }),
      ],
      { inputs: [environment] },
    );
    const result = simulateRun(def, {
      outcomes: { build: [{ outputs: { sha: 'abc123', replicas: 3 } }] },
    });
    expect(starts(result.commands)[1]).toEqual({
      type: 'start-step',
      stepId: 'deploy',
      attempt: 1,
      with: { run: './deploy.sh abc123 --to staging', options: { replicas: 3, keep: 'as is' } },
      env: { TARGET: 'staging', COUNT: '3' },
    });
    expect(def.steps[1]?.with.run).toContain('${{');
  });

  it('fails the step, without retries, when an expression cannot be resolved', () => {
    const def = testWorkflow([
      testStep('build'),
      testStep('deploy', ['build'], {
        retries: 2,
        with: { run: `echo \${{ steps.build.outputs.image.tag }}` },
      }),
    ]);
    const result = simulateRun(def);
    expect(result.state.status).toBe('failed');
    expect(result.state.steps.deploy?.status).toBe('failed');
    expect(starts(result.commands).map((c) => c.stepId)).toEqual(['build']);
    expect(texts(result.events, 'step.failed')).toEqual([
      `deploy could not start: \${{ steps.build.outputs.image.tag }} could not be resolved: cannot read "tag" of steps.build.outputs.image, which is undefined`,
    ]);
  });
});

describe('waiting for people', () => {
  const def = testWorkflow([
    testStep('test'),
    testStep('review', ['test'], { universe: 'ceremony' }),
    testStep('ship', ['review']),
  ]);

  function toReview(): RunState {
    let state = initialRunState(def);
    state = decide(def, state, { type: 'start', at: at(0) }, options).state;
    state = decide(
      def,
      state,
      { type: 'step-succeeded', stepId: 'test', at: at(1) },
      options,
    ).state;
    return state;
  }

  it('marks the step and the run waiting, tells the suspense, and the verdicts', () => {
    const waiting = decide(
      def,
      toReview(),
      {
        type: 'step-waiting',
        stepId: 'review',
        at: at(2),
        prompt: 'Approve the release of v1.2.0?',
        approvers: ['ana', 'role:approver'],
        requiredApprovals: 2,
        fourEyes: true,
      },
      options,
    );
    expect(waiting.state.status).toBe('waiting');
    expect(waiting.state.steps.review?.status).toBe('waiting');
    expect(waiting.events).toMatchObject([
      {
        type: 'step.waiting',
        stepId: 'review',
        story: {
          kind: 'suspense',
          text: 'review waits for 2 approvals from ana or someone with the approver role: "Approve the release of v1.2.0?"',
        },
        data: {
          prompt: 'Approve the release of v1.2.0?',
          approvers: ['ana', 'role:approver'],
          requiredApprovals: 2,
          fourEyes: true,
        },
      },
    ]);

    const approved = decide(
      def,
      waiting.state,
      {
        type: 'step-decision',
        stepId: 'review',
        at: at(3),
        decision: 'approve',
        by: 'ana',
        comment: 'ship it',
      },
      options,
    );
    expect(approved.events).toMatchObject([
      {
        type: 'step.approved',
        story: { kind: 'verdict', text: 'ana approved review — “ship it” (00:00 UTC)' },
        data: { by: 'ana', comment: 'ship it', decision: 'approve' },
      },
    ]);
    expect(approved.state.steps.review?.status).toBe('waiting');
    const rejected = decide(
      def,
      approved.state,
      { type: 'step-decision', stepId: 'review', at: at(4), decision: 'reject', by: 'bo' },
      options,
    );
    expect(rejected.events).toMatchObject([
      {
        type: 'step.rejected',
        story: { kind: 'tension', text: 'bo rejected review (00:00 UTC)' },
      },
    ]);

    const done = decide(
      def,
      rejected.state,
      { type: 'step-succeeded', stepId: 'review', at: at(5), summary: 'approved by ana and cy' },
      options,
    );
    expect(done.state.status).toBe('running');
    expect(done.state.steps.review?.status).toBe('succeeded');
    expect(done.commands).toMatchObject([{ type: 'start-step', stepId: 'ship' }]);
  });

  it('ignores waits and decisions for steps that are not running or waiting', () => {
    const state = toReview();
    const decision = decide(
      def,
      state,
      { type: 'step-decision', stepId: 'review', at: at(2), decision: 'approve', by: 'ana' },
      options,
    );
    expect(decision.events).toEqual([]);
    const wait = decide(
      def,
      state,
      { type: 'step-waiting', stepId: 'ship', at: at(2), prompt: '?', ...anyone },
      options,
    );
    expect(wait.state).toBe(state);
  });

  it('frees the parallel slot of a waiting step, and stays running while others run', () => {
    const wide = testWorkflow([testStep('review'), testStep('build')]);
    let state = decide(
      wide,
      initialRunState(wide),
      { type: 'start', at: at(0) },
      {
        ...options,
        maxParallel: 1,
      },
    ).state;
    const t = decide(
      wide,
      state,
      { type: 'step-waiting', stepId: 'review', at: at(1), prompt: 'ok?', ...anyone },
      { ...options, maxParallel: 1 },
    );
    expect(t.commands).toMatchObject([{ type: 'start-step', stepId: 'build' }]);
    expect(t.state.status).toBe('running');
    state = decide(
      wide,
      t.state,
      { type: 'step-succeeded', stepId: 'build', at: at(2) },
      options,
    ).state;
    expect(state.status).toBe('waiting');
  });

  it('aborts a waiting step on cancel', () => {
    const waiting = decide(
      def,
      toReview(),
      { type: 'step-waiting', stepId: 'review', at: at(2), prompt: 'ok?', ...anyone },
      options,
    ).state;
    const canceled = decide(def, waiting, { type: 'cancel', at: at(3) }, options);
    expect(canceled.commands).toEqual([{ type: 'abort-step', stepId: 'review' }]);
    const stopped = decide(
      def,
      canceled.state,
      {
        type: 'step-failed',
        stepId: 'review',
        at: at(4),
        failure: { reason: 'canceled', message: 'the run was canceled' },
      },
      options,
    );
    expect(stopped.state.status).toBe('canceled');
    expect(texts(stopped.events, 'step.canceled')).toEqual([
      'review was canceled while it waited for a decision.',
    ]);
  });

  it('simulates a wait then an approval', () => {
    const result = simulateRun(def, {
      outcomes: { review: [waitThenApprove(3_600_000, 'ana', 'ship it')] },
    });
    expect(result.state.status).toBe('succeeded');
    expect(result.events.map((e) => e.type)).toContain('step.approved');
    expect(result.timeline.find((t) => t.stepId === 'review')).toMatchObject({
      startMs: 1000,
      endMs: 3_601_000,
    });
  });
});

describe('the story of outcomes', () => {
  it('tells the action summary with the beat, and keeps it with the outputs', () => {
    const def = testWorkflow([
      testStep('test', [], { beat: 'Tests verify the promise holds' }),
      testStep('lint'),
    ]);
    const result = simulateRun(def, {
      outcomes: {
        test: [{ outputs: { passed: 12 }, summary: '12 passed, 0 failed' }],
        lint: [{ summary: 'no problems' }],
      },
    });
    const beats = result.events.filter((e) => e.type === 'step.succeeded');
    expect(beats.map((e) => e.story.text)).toEqual([
      'Tests verify the promise holds — 12 passed, 0 failed',
      '"lint" (shell) completed — no problems',
    ]);
    expect(beats[0]?.data).toMatchObject({
      summary: '12 passed, 0 failed',
      outputs: { passed: 12 },
    });
  });

  it("leads the tension with the action's summary of what broke", () => {
    const def = testWorkflow([testStep('test')]);
    const failure: FailureInfo = {
      reason: 'exit-code',
      message: 'exit 1',
      exitCode: 1,
      summary: '2 tests failed: parser > dates, cli > flags',
      lastLines: ['FAIL parser > dates', 'FAIL cli > flags', 'Tests: 2 failed, 10 passed'],
    };
    const result = simulateRun(def, { outcomes: { test: [failure] } });
    expect(texts(result.events, 'step.failed')).toEqual([
      'test failed: 2 tests failed: parser > dates, cli > flags — last output: "FAIL parser > dates" / "FAIL cli > flags"',
    ]);
    const long = { ...failure, summary: `${'x'.repeat(170)}` };
    const quiet = simulateRun(def, { outcomes: { test: [long] } });
    expect(texts(quiet.events, 'step.failed')).toEqual([`test failed: ${'x'.repeat(170)}`]);
  });
});

describe('secrets', () => {
  it('starts a step with sentinels: commands and events hold the name, never a value', () => {
    const def = testWorkflow([
      testStep('deploy', [], {
        with: { run: `deploy --key \${{ secrets.DEPLOY_KEY }}` },
        env: { TOKEN: `\${{ secrets.NPM_TOKEN }}` },
      }),
    ]);
    const result = simulateRun(def);
    const [start] = starts(result.commands);
    expect(start?.with).toEqual({ run: 'deploy --key \u0000secret:DEPLOY_KEY\u0000' });
    expect(start?.env).toEqual({ TOKEN: '\u0000secret:NPM_TOKEN\u0000' });
    expect(JSON.stringify(result.events)).not.toContain('\\u0000');
  });
});
