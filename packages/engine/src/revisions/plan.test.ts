import { describe, expect, it } from 'vitest';
import { builtinActionSpecs } from '../actions/builtin.ts';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import type { StepStatus } from '../statuses.ts';
import { testStep, testWorkflow } from '../testing/harness.ts';
import { diffDefinitions } from './diff.ts';
import { RetellingRequestError, UnknownStepError } from './errors.ts';
import { planRetelling } from './plan.ts';
import type { RecordedStatuses, RetellingRequest } from './types.ts';

const step = (
  id: string,
  dependsOn: string[] = [],
  extra: Partial<Omit<StepDefinition, 'id' | 'dependsOn'>> = {},
) => testStep(id, dependsOn, { with: { run: `echo ${id}` }, ...extra });

// The engine's test builders, with a `with` per step and a workflow name the diffs can name.
const workflow = (
  steps: StepDefinition[],
  extra: Partial<Omit<WorkflowDefinition, 'steps'>> = {},
) => testWorkflow(steps, { name: 'ship', ...extra });

const all = (definition: WorkflowDefinition, status: StepStatus): RecordedStatuses =>
  Object.fromEntries(definition.steps.map((s) => [s.id, status]));

const options = { actions: builtinActionSpecs };
const plan = (
  definition: WorkflowDefinition,
  recorded: RecordedStatuses,
  request: RetellingRequest,
) => planRetelling(definition, recorded, request, options);

// validate -> (lint, build) -> test: a diamond, declared out of order.
const diamond = workflow([
  step('test', ['lint', 'build']),
  step('validate'),
  step('lint', ['validate']),
  step('build', ['validate']),
]);

// build -> test -> deploy -> announce
const chain = workflow([
  step('build'),
  step('test', ['build']),
  step('deploy', ['test']),
  step('announce', ['deploy']),
]);

const edit = (
  definition: WorkflowDefinition,
  id: string,
  change: Partial<StepDefinition>,
): WorkflowDefinition => ({
  ...definition,
  steps: definition.steps.map((s) => (s.id === id ? { ...s, ...change } : s)),
});

describe('planRetelling: resume-latest', () => {
  it('runs a changed step and everything downstream of it, in topological order', () => {
    const after = edit(diamond, 'build', { with: { run: 'make' } });
    const result = plan(after, all(diamond, 'succeeded'), {
      kind: 'resume-latest',
      diff: diffDefinitions(diamond, after),
    });
    expect(result).toEqual({
      run: ['build', 'test'],
      reasons: {
        build: { kind: 'changed', parts: ['with'] },
        test: { kind: 'downstream', of: 'build' },
      },
      keep: ['validate', 'lint'],
      removed: [],
      irreversible: [],
    });
  });

  it('runs the whole diamond when its root changed, the root cause named for each', () => {
    const after = edit(diamond, 'validate', { timeoutMs: 5_000 });
    const result = plan(after, all(diamond, 'succeeded'), {
      kind: 'resume-latest',
      diff: diffDefinitions(diamond, after),
    });
    expect(result.run).toEqual(['validate', 'lint', 'build', 'test']);
    expect(result.reasons.test).toEqual({ kind: 'downstream', of: 'validate' });
    expect(result.keep).toEqual([]);
  });

  it('runs failed, skipped and canceled steps again, not what is downstream of them', () => {
    const recorded = {
      build: 'succeeded',
      test: 'failed',
      deploy: 'skipped',
      announce: 'canceled',
    } as const;
    const result = plan(chain, recorded, {
      kind: 'resume-latest',
      diff: diffDefinitions(chain, chain),
    });
    expect(result.run).toEqual(['test', 'deploy', 'announce']);
    expect(result.reasons).toEqual({
      test: { kind: 'not-succeeded', status: 'failed' },
      deploy: { kind: 'not-succeeded', status: 'skipped' },
      announce: { kind: 'not-succeeded', status: 'canceled' },
    });
    expect(result.keep).toEqual(['build']);
  });

  it('reads a step missing from the record as pending', () => {
    const result = plan(
      chain,
      { build: 'succeeded' },
      {
        kind: 'resume-latest',
        diff: diffDefinitions(chain, chain),
      },
    );
    expect(result.reasons.test).toEqual({ kind: 'not-succeeded', status: 'pending' });
  });

  it('keeps succeeded steps whose changes are only cosmetic', () => {
    const after = edit(chain, 'test', { beat: 'the proof', universe: 'ceremony' });
    const result = plan(
      after,
      { ...all(chain, 'succeeded'), announce: 'failed' },
      {
        kind: 'resume-latest',
        diff: diffDefinitions(chain, after),
      },
    );
    expect(result.run).toEqual(['announce']);
    expect(result.keep).toEqual(['build', 'test', 'deploy']);
  });

  it('marks a removed middle step removed and runs the step that now depends past it', () => {
    const after = workflow([
      step('build'),
      step('deploy', ['build']),
      step('announce', ['deploy']),
    ]);
    const result = plan(
      after,
      { ...all(chain, 'succeeded'), deploy: 'failed' },
      {
        kind: 'resume-latest',
        diff: diffDefinitions(chain, after),
      },
    );
    expect(result).toMatchObject({
      run: ['deploy', 'announce'],
      reasons: {
        deploy: { kind: 'changed', parts: ['depends_on'] },
        announce: { kind: 'downstream', of: 'deploy' },
      },
      keep: ['build'],
      removed: ['test'],
    });
  });

  it('runs an added step and what depends on it', () => {
    const after = workflow([
      step('build'),
      step('lint', ['build']),
      step('test', ['build']),
      step('deploy', ['test', 'lint']),
      step('announce', ['deploy']),
    ]);
    const result = plan(after, all(chain, 'succeeded'), {
      kind: 'resume-latest',
      diff: diffDefinitions(chain, after),
    });
    expect(result.run).toEqual(['lint', 'deploy', 'announce']);
    expect(result.reasons.lint).toEqual({ kind: 'added' });
    expect(result.reasons.announce).toEqual({ kind: 'downstream', of: 'deploy' });
    expect(result.keep).toEqual(['build', 'test']);
  });

  it('runs every step that inherits a changed workflow env, and their downstream', () => {
    const before = workflow(
      [
        step('build', [], { env: { TARGET: 'web' } }),
        step('test', ['build'], { env: { TARGET: 'web' } }),
        step('deploy', ['test']),
        step('docs'),
      ],
      { env: { TARGET: 'all', REGION: 'eu' } },
    );
    const after = { ...before, env: { TARGET: 'all', REGION: 'us' } };
    const diff = diffDefinitions(before, after);
    expect(diff.workflow).toEqual([
      { part: 'env', keys: ['REGION'], affects: ['build', 'test', 'deploy', 'docs'] },
    ]);
    const onlyTarget = { ...before, env: { TARGET: 'mobile', REGION: 'eu' } };
    const result = plan(onlyTarget, all(before, 'succeeded'), {
      kind: 'resume-latest',
      diff: diffDefinitions(before, onlyTarget),
    });
    expect(result.run).toEqual(['deploy', 'docs']);
    expect(result.reasons.deploy).toEqual({ kind: 'changed', parts: ['workflow-env'] });
    expect(result.keep).toEqual(['build', 'test']);
  });

  it('refuses a diff of another definition', () => {
    expect(() =>
      plan(chain, all(chain, 'succeeded'), {
        kind: 'resume-latest',
        diff: diffDefinitions(diamond, diamond),
      }),
    ).toThrow(RetellingRequestError);
  });
});

describe('planRetelling: retry', () => {
  it('runs just the step without downstream, even a succeeded one', () => {
    const result = plan(chain, all(chain, 'succeeded'), {
      kind: 'retry',
      step: 'test',
      downstream: false,
    });
    expect(result).toEqual({
      run: ['test'],
      reasons: { test: { kind: 'requested' } },
      keep: ['build', 'deploy', 'announce'],
      removed: [],
      irreversible: [],
    });
  });

  it('runs the step and everything downstream with downstream', () => {
    const result = plan(diamond, all(diamond, 'succeeded'), {
      kind: 'retry',
      step: 'lint',
      downstream: true,
    });
    expect(result.run).toEqual(['lint', 'test']);
    expect(result.reasons.test).toEqual({ kind: 'downstream', of: 'lint' });
    expect(result.keep).toEqual(['validate', 'build']);
  });

  it('leaves other failed steps alone', () => {
    const result = plan(
      chain,
      { ...all(chain, 'succeeded'), announce: 'failed' },
      {
        kind: 'retry',
        step: 'build',
        downstream: false,
      },
    );
    expect(result.run).toEqual(['build']);
  });
});

describe('planRetelling: rerun', () => {
  it('--from runs the step and everything downstream, reusing the rest', () => {
    const result = plan(chain, all(chain, 'succeeded'), { kind: 'rerun', from: 'test' });
    expect(result.run).toEqual(['test', 'deploy', 'announce']);
    expect(result.keep).toEqual(['build']);
    expect(result.reasons.announce).toEqual({ kind: 'downstream', of: 'test' });
  });

  it('--only runs exactly those steps, in topological order', () => {
    const result = plan(diamond, all(diamond, 'succeeded'), {
      kind: 'rerun',
      only: ['test', 'validate'],
    });
    expect(result.run).toEqual(['validate', 'test']);
    expect(result.keep).toEqual(['lint', 'build']);
  });

  it('with neither runs every step', () => {
    const result = plan(diamond, all(diamond, 'failed'), { kind: 'rerun' });
    expect(result.run).toEqual(['validate', 'lint', 'build', 'test']);
    expect(result.keep).toEqual([]);
  });

  it('--latest also runs what changed and its downstream, and lists removed steps', () => {
    const after = workflow([
      step('build', [], { retries: 1 }),
      step('test', ['build']),
      step('deploy', ['test']),
    ]);
    const result = plan(after, all(chain, 'succeeded'), {
      kind: 'rerun',
      only: ['deploy'],
      diff: diffDefinitions(chain, after),
    });
    expect(result.run).toEqual(['build', 'test', 'deploy']);
    expect(result.reasons).toEqual({
      build: { kind: 'changed', parts: ['retries'] },
      test: { kind: 'downstream', of: 'build' },
      deploy: { kind: 'requested' },
    });
    expect(result.removed).toEqual(['announce']);
  });

  it('refuses --from with --only, and an empty --only', () => {
    expect(() => plan(chain, {}, { kind: 'rerun', from: 'test', only: ['build'] })).toThrow(
      'either from one step or only some steps',
    );
    expect(() => plan(chain, {}, { kind: 'rerun', only: [] })).toThrow(RetellingRequestError);
  });
});

describe('planRetelling: unknown steps', () => {
  it('names the step, suggests the closest and lists the known ones', () => {
    const attempt = () => plan(chain, {}, { kind: 'retry', step: 'tst', downstream: false });
    expect(attempt).toThrow(UnknownStepError);
    expect(attempt).toThrow(
      'unknown step "tst"; did you mean "test"? Steps: build, test, deploy, announce',
    );
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({
        step: 'tst',
        known: ['build', 'test', 'deploy', 'announce'],
        suggestion: 'test',
        retriable: false,
      });
    }
  });

  it('lists the known steps when nothing is close, for --from and --only alike', () => {
    expect(() => plan(chain, {}, { kind: 'rerun', from: 'release' })).toThrow(
      'unknown step "release"; steps: build, test, deploy, announce',
    );
    expect(() => plan(chain, {}, { kind: 'rerun', only: ['build', 'deplyo'] })).toThrow(
      'unknown step "deplyo"; did you mean "deploy"?',
    );
  });
});

describe('planRetelling: irreversible effects', () => {
  const release = workflow([
    step('bump', [], { action: 'version-bump', with: {} }),
    step('commit', ['bump'], { action: 'git-commit', with: { message: 'release' } }),
    step('merge', ['commit'], { action: 'merge-pr', with: { source: 'release' } }),
    step('tag', ['merge'], { action: 'git-tag', with: { name: 'v1.0.0' } }),
    step('deploy', ['tag'], { action: 'deploy', with: { environment: 'production' } }),
    step('notify', ['deploy'], {
      action: 'notify',
      with: { url: 'https://example.com/hook', message: 'shipped' },
    }),
  ]);

  it('lists each succeeded step that would run again with its effect, in run order', () => {
    const result = plan(
      release,
      { ...all(release, 'succeeded'), notify: 'failed' },
      {
        kind: 'rerun',
        from: 'bump',
      },
    );
    expect(result.irreversible).toEqual([
      { step: 'commit', effect: 'commits' },
      { step: 'merge', effect: 'merges into the target branch' },
      { step: 'tag', effect: 'creates a tag' },
      { step: 'deploy', effect: 'deploys' },
    ]);
  });

  it('says nothing of steps whose effect did not happen or that keep their results', () => {
    const recorded = { ...all(release, 'succeeded'), deploy: 'failed', notify: 'skipped' } as const;
    const result = plan(release, recorded, {
      kind: 'resume-latest',
      diff: diffDefinitions(release, release),
    });
    expect(result.run).toEqual(['deploy', 'notify']);
    expect(result.irreversible).toEqual([]);
  });

  it('names a retried tag, and nothing for a version bump alone', () => {
    expect(
      plan(release, all(release, 'succeeded'), { kind: 'retry', step: 'tag', downstream: false })
        .irreversible,
    ).toEqual([{ step: 'tag', effect: 'creates a tag' }]);
    expect(
      plan(release, all(release, 'succeeded'), { kind: 'retry', step: 'bump', downstream: false })
        .irreversible,
    ).toEqual([]);
  });
});

describe('planRetelling: what a retelling can build on', () => {
  it('a rerun tells again the kept steps that have no result to take over', () => {
    const recorded = { build: 'succeeded', test: 'failed', deploy: 'skipped', announce: 'skipped' };
    const result = planRetelling(
      chain,
      recorded as RecordedStatuses,
      { kind: 'rerun', only: ['announce'] },
      { ...options, skipReasons: { deploy: 'upstream', announce: 'upstream' } },
    );
    expect(result.run).toEqual(['test', 'deploy', 'announce']);
    expect(result.keep).toEqual(['build']);
    expect(result.reasons.test).toEqual({ kind: 'not-succeeded', status: 'failed' });
    expect(result.reasons.deploy).toEqual({ kind: 'not-succeeded', status: 'skipped' });
  });

  it('a rerun takes over a step that had nothing to do', () => {
    const recorded = all(chain, 'succeeded');
    const result = planRetelling(
      chain,
      { ...recorded, build: 'skipped' },
      { kind: 'rerun', from: 'deploy' },
      { ...options, skipReasons: { build: 'nothing-to-do' } },
    );
    expect(result.run).toEqual(['deploy', 'announce']);
    expect(result.keep).toEqual(['build', 'test']);
  });

  it('refuses to retry a step whose dependency failed, naming it and what to do', () => {
    const recorded = { build: 'succeeded', test: 'failed', deploy: 'skipped' } as const;
    expect(() =>
      plan(chain, recorded, { kind: 'retry', step: 'deploy', downstream: false }),
    ).toThrow(
      'cannot retry "deploy": it depends on "test", which failed in this run; retry "test" and the steps after it, or resume the run',
    );
  });

  it('retries a step after one that had nothing to do', () => {
    const result = planRetelling(
      chain,
      { build: 'skipped', test: 'succeeded', deploy: 'succeeded', announce: 'succeeded' },
      { kind: 'retry', step: 'test', downstream: false },
      { ...options, skipReasons: { build: 'nothing-to-do' } },
    );
    expect(result.run).toEqual(['test']);
  });
});
