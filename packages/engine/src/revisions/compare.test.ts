import { describe, expect, it } from 'vitest';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import type { RunStatus } from '../statuses.ts';
import { testStep, testWorkflow } from '../testing/harness.ts';
import { type ComparedRun, type ComparedStep, compareRuns, divergenceText } from './compare.ts';

const step = (
  id: string,
  dependsOn: string[] = [],
  extra: Partial<Omit<StepDefinition, 'id' | 'dependsOn'>> = {},
) => testStep(id, dependsOn, { with: { run: `echo ${id}` }, ...extra });

const workflow = (steps: StepDefinition[]) => testWorkflow(steps, { name: 'ship' });

const ok = (durationMs = 1000, outputs: Record<string, unknown> = {}): ComparedStep => ({
  status: 'succeeded',
  durationMs,
  outputs,
  attempts: 1,
});
const failed = (durationMs = 500): ComparedStep => ({
  status: 'failed',
  durationMs,
  outputs: null,
  attempts: 1,
});
const canceled: ComparedStep = { status: 'canceled', durationMs: null, outputs: null, attempts: 0 };

const run = (
  id: string,
  definition: WorkflowDefinition,
  steps: Record<string, ComparedStep>,
  status: RunStatus = 'succeeded',
): ComparedRun => ({ id, definition, status, steps });

const chain = workflow([step('build'), step('test', ['build']), step('deploy', ['test'])]);
const green = run('green', chain, { build: ok(1000), test: ok(2000), deploy: ok(300) });

describe('compareRuns', () => {
  it('finds the same story in a run and a copy of it', () => {
    const comparison = compareRuns(green, structuredClone({ ...green, id: 'again' }));
    expect(comparison.firstDivergence).toBeNull();
    expect(comparison.rows.map((r) => [r.step, r.verdict, r.durationDeltaMs])).toEqual([
      ['build', 'same', 0],
      ['test', 'same', 0],
      ['deploy', 'same', 0],
    ]);
    expect(comparison.counts).toEqual({
      'only-in-a': 0,
      'only-in-b': 0,
      'status-differs': 0,
      'outputs-differ': 0,
      'definition-changed': 0,
      same: 3,
    });
    expect(comparison.definition.changeCount).toBe(0);
    expect(comparison.a).toEqual({ id: 'green', status: 'succeeded', workflow: 'ship' });
    expect(comparison.b).toEqual({ id: 'again', status: 'succeeded', workflow: 'ship' });
  });

  it('names the failed step as the first divergence, not the steps it canceled', () => {
    const broken = run(
      'red',
      chain,
      { build: ok(1200), test: failed(700), deploy: canceled },
      'failed',
    );
    const comparison = compareRuns(broken, green);
    expect(comparison.firstDivergence).toEqual({
      step: 'test',
      reason: 'status',
      a: 'failed',
      b: 'succeeded',
    });
    expect(comparison.rows.map((r) => [r.step, r.verdict])).toEqual([
      ['build', 'same'],
      ['test', 'status-differs'],
      ['deploy', 'status-differs'],
    ]);
    expect(comparison.rows[0]?.durationDeltaMs).toBe(200);
    expect(comparison.rows[1]?.durationDeltaMs).toBe(-1300);
    expect(comparison.rows[2]?.durationDeltaMs).toBeNull();
  });

  it('orders rows topologically, whatever the declaration order', () => {
    const shuffled = workflow([step('deploy', ['test']), step('test', ['build']), step('build')]);
    const a = run('a', shuffled, { build: ok(), test: failed(), deploy: canceled }, 'failed');
    const b = run('b', shuffled, { build: ok(), test: ok(), deploy: ok() });
    const comparison = compareRuns(a, b);
    expect(comparison.rows.map((r) => r.step)).toEqual(['build', 'test', 'deploy']);
    expect(comparison.firstDivergence?.step).toBe('test');
  });

  it('puts the steps only in B last, and the ones only in A where A runs them', () => {
    const before = workflow([step('build'), step('lint', ['build']), step('test', ['build'])]);
    const after = workflow([step('build'), step('types', ['build']), step('test', ['types'])]);
    const a = run('a', after, { build: ok(), types: ok(), test: ok() });
    const b = run('b', before, { build: ok(), lint: ok(), test: ok() });
    const comparison = compareRuns(a, b);
    expect(comparison.rows.map((r) => [r.step, r.verdict, r.definition.kind])).toEqual([
      ['build', 'same', 'unchanged'],
      ['types', 'only-in-a', 'added'],
      ['test', 'definition-changed', 'changed'],
      ['lint', 'only-in-b', 'removed'],
    ]);
    expect(comparison.rows[1]).toMatchObject({ a: ok(), b: null, outputs: [] });
    expect(comparison.rows[3]).toMatchObject({ a: null, b: ok(), durationDeltaMs: null });
    expect(comparison.firstDivergence).toEqual({
      step: 'types',
      reason: 'only-in-a',
      a: 'succeeded',
      b: null,
    });
  });

  it('diverges at a step only in B when everything of A matches', () => {
    const before = workflow([step('build'), step('lint', ['build'])]);
    const after = workflow([step('build')]);
    const comparison = compareRuns(
      run('a', after, { build: ok() }),
      run('b', before, { build: ok(), lint: failed() }, 'failed'),
    );
    expect(comparison.firstDivergence).toEqual({
      step: 'lint',
      reason: 'only-in-b',
      a: null,
      b: 'failed',
    });
  });

  it('tells output differences by key but does not call them a divergence', () => {
    const a = run('a', chain, {
      build: ok(1000, { sha: 'abc', size: 10, same: [1, { x: 1 }] }),
      test: ok(),
      deploy: ok(),
    });
    const b = run('b', chain, {
      build: ok(1000, { sha: 'def', same: [1, { x: 1 }], url: 'u' }),
      test: ok(),
      deploy: ok(),
    });
    const comparison = compareRuns(a, b);
    expect(comparison.rows[0]).toMatchObject({
      verdict: 'outputs-differ',
      outputs: [
        { key: 'sha', a: 'abc', b: 'def' },
        { key: 'size', a: 10 },
        { key: 'url', b: 'u' },
      ],
    });
    expect(comparison.rows[0]?.outputs[1]).not.toHaveProperty('b');
    expect(comparison.firstDivergence).toBeNull();
  });

  it('leaves outputs out when one side produced none', () => {
    const a = run('a', chain, { build: failed(), test: canceled, deploy: canceled }, 'failed');
    const b = run('b', chain, { build: ok(1000, { exitCode: 0 }), test: ok(), deploy: ok() });
    expect(compareRuns(a, b).rows[0]?.outputs).toEqual([]);
  });

  it('prefers a status difference over output and definition differences on one row', () => {
    const after = workflow([
      step('build', [], { with: { run: 'make' } }),
      step('test', ['build']),
      step('deploy', ['test']),
    ]);
    const a = run('a', after, { build: failed(), test: canceled, deploy: canceled }, 'failed');
    const comparison = compareRuns(a, green);
    expect(comparison.rows[0]).toMatchObject({
      verdict: 'status-differs',
      definition: { kind: 'changed', parts: ['with'] },
    });
  });

  it('calls a definition change with the same result definition-changed, a cosmetic one same', () => {
    const after = workflow([
      step('build', [], { beat: 'The forge' }),
      step('test', ['build'], { timeoutMs: 5000 }),
      step('deploy', ['test']),
    ]);
    const comparison = compareRuns(
      run('a', after, { build: ok(), test: ok(2000), deploy: ok(300) }),
      green,
    );
    expect(comparison.rows.map((r) => [r.step, r.verdict])).toEqual([
      ['build', 'same'],
      ['test', 'definition-changed'],
      ['deploy', 'same'],
    ]);
    expect(comparison.rows[0]?.beat).toBe('The forge');
    expect(comparison.definition.changeCount).toBe(1);
    expect(comparison.firstDivergence).toBeNull();
  });

  it('reads the definition diff from B to A', () => {
    const after = workflow([step('build'), step('test', ['build'])]);
    const comparison = compareRuns(run('a', after, { build: ok(), test: ok() }), green);
    expect(comparison.definition.steps).toEqual([
      { step: 'build', kind: 'unchanged' },
      { step: 'test', kind: 'unchanged' },
      { step: 'deploy', kind: 'removed' },
    ]);
  });

  it('reads a step the run has no record of as pending and never started', () => {
    const a = run('a', chain, { build: ok() }, 'running');
    const comparison = compareRuns(a, green);
    expect(comparison.rows[1]?.a).toEqual({
      status: 'pending',
      durationMs: null,
      outputs: null,
      attempts: 0,
    });
    expect(comparison.firstDivergence).toMatchObject({ step: 'test', a: 'pending' });
  });

  it('compares runs of different workflows by step id', () => {
    const other = testWorkflow([step('build'), step('package', ['build'])], { name: 'other' });
    const comparison = compareRuns(run('a', other, { build: ok(), package: ok() }), green);
    expect(comparison.a.workflow).toBe('other');
    expect(comparison.b.workflow).toBe('ship');
    expect(comparison.rows.map((r) => r.step)).toEqual(['build', 'package', 'test', 'deploy']);
  });

  it('keeps attempts on the rows and does not diverge on a retry that succeeded', () => {
    const retried = run('a', chain, {
      build: ok(),
      test: { ...ok(2000), attempts: 3 },
      deploy: ok(300),
    });
    const comparison = compareRuns(retried, green);
    expect(comparison.rows[1]).toMatchObject({ verdict: 'same', a: { attempts: 3 } });
    expect(comparison.firstDivergence).toBeNull();
  });

  it('is deterministic and survives JSON', () => {
    const broken = run('red', chain, { build: ok(), test: failed(), deploy: canceled }, 'failed');
    const comparison = compareRuns(broken, green);
    expect(JSON.parse(JSON.stringify(comparison))).toEqual(comparison);
    expect(compareRuns(broken, green)).toEqual(comparison);
  });

  it('does not share the callers’ step objects', () => {
    const comparison = compareRuns(green, green);
    expect(comparison.rows[0]?.a).not.toBe(green.steps.build);
  });
});

describe('divergenceText', () => {
  it('says where the stories part, in each case', () => {
    expect(
      divergenceText({ step: 'test', reason: 'status', a: 'failed', b: 'succeeded' }, 'A', 'B'),
    ).toBe('test failed in A but succeeded in B');
    expect(
      divergenceText({ step: 'types', reason: 'only-in-a', a: 'succeeded', b: null }, 'A', 'B'),
    ).toBe('types is only in A (succeeded)');
    expect(
      divergenceText({ step: 'lint', reason: 'only-in-b', a: null, b: 'failed' }, 'A', 'B'),
    ).toBe('lint is only in B (failed)');
  });
});
