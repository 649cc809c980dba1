import { describe, expect, it } from 'vitest';
import type { StepDefinition, WorkflowDefinition } from '../definition/types.ts';
import { testStep, testWorkflow } from '../testing/harness.ts';
import { diffDefinitions } from './diff.ts';

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

const chain = workflow([step('build'), step('test', ['build']), step('deploy', ['test'])]);

describe('diffDefinitions', () => {
  it('finds nothing between a definition and itself', () => {
    expect(diffDefinitions(chain, structuredClone(chain))).toEqual({
      steps: [
        { step: 'build', kind: 'unchanged' },
        { step: 'test', kind: 'unchanged' },
        { step: 'deploy', kind: 'unchanged' },
      ],
      workflow: [],
      changeCount: 0,
    });
  });

  it('names every part of a step that changed, in a fixed order', () => {
    const after = workflow([
      step('build', [], {
        action: 'build',
        with: { script: 'build' },
        env: { CI: '1' },
        if: "inputs.go == 'yes'",
        timeoutMs: 60_000,
        retries: 2,
      }),
      step('test', ['build']),
      step('deploy', ['test']),
    ]);
    expect(diffDefinitions(chain, after).steps[0]).toEqual({
      step: 'build',
      kind: 'changed',
      parts: ['action', 'with', 'env', 'if', 'timeout', 'retries'],
      cosmetic: [],
    });
  });

  it('compares with deeply and regardless of key order', () => {
    const before = workflow([step('a', [], { with: { x: { y: [1, 2] }, z: 'z' } })]);
    const same = workflow([step('a', [], { with: { z: 'z', x: { y: [1, 2] } } })]);
    const other = workflow([step('a', [], { with: { z: 'z', x: { y: [2, 1] } } })]);
    expect(diffDefinitions(before, same).steps[0]?.kind).toBe('unchanged');
    expect(diffDefinitions(before, other).steps[0]).toMatchObject({ parts: ['with'] });
  });

  it('reads depends_on as a set', () => {
    const before = workflow([step('a'), step('b'), step('c', ['a', 'b'])]);
    const reordered = workflow([step('a'), step('b'), step('c', ['b', 'a'])]);
    const fewer = workflow([step('a'), step('b'), step('c', ['a'])]);
    expect(diffDefinitions(before, reordered).changeCount).toBe(0);
    expect(diffDefinitions(before, fewer).steps[2]).toMatchObject({
      kind: 'changed',
      parts: ['depends_on'],
    });
  });

  it('calls beat and universe changes cosmetic, not a reason to run again', () => {
    const after = workflow([
      step('build', [], { beat: 'the build', universe: 'story' }),
      step('test', ['build'], { beat: 'the proof', retries: 1 }),
      step('deploy', ['test']),
    ]);
    const diff = diffDefinitions(chain, after);
    expect(diff.steps.slice(0, 2)).toEqual([
      { step: 'build', kind: 'cosmetic', cosmetic: ['beat', 'universe'] },
      { step: 'test', kind: 'changed', parts: ['retries'], cosmetic: ['beat'] },
    ]);
    expect(diff.changeCount).toBe(1);
  });

  it("lists added steps in the new order and removed ones after, in the old one's", () => {
    const before = workflow([step('a'), step('b', ['a']), step('c', ['b']), step('d', ['c'])]);
    const after = workflow([step('new'), step('a'), step('d', ['a'])]);
    const diff = diffDefinitions(before, after);
    expect(diff.steps).toEqual([
      { step: 'new', kind: 'added' },
      { step: 'a', kind: 'unchanged' },
      { step: 'd', kind: 'changed', parts: ['depends_on'], cosmetic: [] },
      { step: 'b', kind: 'removed' },
      { step: 'c', kind: 'removed' },
    ]);
    expect(diff.changeCount).toBe(4);
  });

  it('changes every step that inherits a changed workflow env key, not those overriding it', () => {
    const before = workflow(
      [step('build'), step('test', ['build'], { env: { NODE_ENV: 'test' } }), step('deploy')],
      { env: { NODE_ENV: 'production', REGION: 'eu' } },
    );
    const after = workflow(
      [step('build'), step('test', ['build'], { env: { NODE_ENV: 'test' } }), step('deploy')],
      { env: { NODE_ENV: 'development', REGION: 'eu' } },
    );
    const diff = diffDefinitions(before, after);
    expect(diff.workflow).toEqual([
      { part: 'env', keys: ['NODE_ENV'], affects: ['build', 'deploy'] },
    ]);
    expect(diff.steps.map((change) => change.kind)).toEqual(['changed', 'unchanged', 'changed']);
    expect(diff.steps[0]).toEqual({
      step: 'build',
      kind: 'changed',
      parts: ['workflow-env'],
      cosmetic: [],
    });
  });

  it('names added and removed workflow env keys but never their values', () => {
    const before = workflow([step('a')], { env: { OLD: 'secret-1' } });
    const after = workflow([step('a')], { env: { NEW: 'secret-2' } });
    const diff = diffDefinitions(before, after);
    expect(diff.workflow).toEqual([{ part: 'env', keys: ['NEW', 'OLD'], affects: ['a'] }]);
    expect(JSON.stringify(diff)).not.toContain('secret-');
  });

  it('changes the steps that read a redeclared input', () => {
    const inputs = [
      { name: 'version', type: 'string' as const, required: true },
      { name: 'dry', type: 'boolean' as const, default: false, required: false },
    ];
    const steps = [
      step('bump', [], { with: { run: `bump \${{ inputs.version }}` } }),
      step('tag', ['bump'], { if: `\${{ !inputs.dry }}` }),
      step('notify', ['tag'], { env: { WHAT: `\${{ inputs['version'] }}` } }),
    ];
    const before = workflow(steps, { inputs });
    const after = workflow(steps, {
      inputs: [inputs[0]!, { ...inputs[1]!, default: true }],
    });
    const diff = diffDefinitions(before, after);
    expect(diff.workflow).toEqual([{ part: 'inputs', names: ['dry'], affects: ['tag'] }]);
    expect(diff.steps.map((change) => change.kind)).toEqual(['unchanged', 'changed', 'unchanged']);
  });

  it('tells max_parallel, the name and the text apart from changes to steps', () => {
    const steps = [step('a'), step('b', [], { with: { run: `echo \${{ workflow.name }}` } })];
    const before = workflow(steps, { maxParallel: 2, description: 'old' });
    const after = workflow(steps, {
      name: 'release',
      narrative: 'a new story',
      secrets: ['TOKEN'],
    });
    const diff = diffDefinitions(before, after);
    expect(diff.workflow).toEqual([
      { part: 'max_parallel', before: 2, affects: [] },
      { part: 'name', before: 'ship', after: 'release', affects: ['b'] },
      { part: 'text', fields: ['description', 'narrative', 'secrets'], affects: [] },
    ]);
    expect(diff.steps).toEqual([
      { step: 'a', kind: 'unchanged' },
      { step: 'b', kind: 'changed', parts: ['workflow-name'], cosmetic: [] },
    ]);
  });

  it('is deterministic and serialisable', () => {
    const after = workflow([step('deploy', ['test']), step('test', ['build'], { retries: 3 })]);
    const first = diffDefinitions(chain, after);
    expect(JSON.parse(JSON.stringify(first))).toEqual(diffDefinitions(chain, after));
    expect(first.steps.map((change) => change.step)).toEqual(['deploy', 'test', 'build']);
  });
});
