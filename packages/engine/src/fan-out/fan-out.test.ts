import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createActionRegistry } from '../actions/registry.ts';
import { parseWorkflow } from '../definition/parse.ts';
import type { WorkflowDefinition } from '../definition/types.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { planRetelling } from '../revisions/plan.ts';
import { decide, initialRunState } from '../scheduler/scheduler.ts';
import { resumeSimulation, simulateRun } from '../testing/harness.ts';
import { carryExpansions, expandForEach } from './expand.ts';
import { matrixCombinations } from './matrix.ts';

const actions = createActionRegistry([
  {
    name: 'shell',
    description: 'Runs a shell command.',
    input: z.object({ run: z.string().min(1) }).strict(),
    run: async () => ({}),
  },
]);
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) => parseWorkflow(text, { file: 'wf.yaml', actions });
const located = (text: string) =>
  parse(text).diagnostics.map((d: Diagnostic) => `${d.line}:${d.column} ${d.message}`);
const valid = (text: string): WorkflowDefinition => {
  const result = parse(text);
  expect(result.diagnostics).toEqual([]);
  return result.definition as WorkflowDefinition;
};

describe('matrixCombinations', () => {
  it('crosses the axes, the first varying slowest, and drops excluded combinations', () => {
    const combos = matrixCombinations({
      axes: { node: [20, 22], os: ['linux', 'mac'] },
      include: [],
      exclude: [{ node: 20, os: 'mac' }],
    });
    expect(combos).toEqual([
      { node: 20, os: 'linux' },
      { node: 22, os: 'linux' },
      { node: 22, os: 'mac' },
    ]);
  });

  it('adds include keys to the combinations they fit and the rest as new combinations', () => {
    const combos = matrixCombinations({
      axes: { node: [20, 22] },
      include: [
        { node: 22, experimental: true },
        { node: 24, os: 'windows' },
      ],
      exclude: [],
    });
    expect(combos).toEqual([
      { node: 20 },
      { node: 22, experimental: true },
      { node: 24, os: 'windows' },
    ]);
  });

  it('excludes on a partial match, as GitHub Actions does', () => {
    const combos = matrixCombinations({
      axes: { node: [20, 22], os: ['linux', 'mac'] },
      include: [],
      exclude: [{ os: 'mac' }],
    });
    expect(combos).toEqual([
      { node: 20, os: 'linux' },
      { node: 22, os: 'linux' },
    ]);
  });
});

const matrixFlow = yaml(
  'name: m',
  'steps:',
  '  - id: build',
  '    action: shell',
  '    with: { run: make }',
  '  - id: test',
  '    action: shell',
  '    depends_on: [build]',
  '    beat: Tests hold',
  '    matrix: { node: [20, 22], os: [linux, mac], exclude: [{ node: 20, os: mac }] }',
  '    with: { run: "npm test # ${{ matrix.node }} on ${{ matrix.os }}" }',
  '  - id: ship',
  '    action: shell',
  '    depends_on: [test]',
  '    with: { run: "echo ${{ steps.test.outputs.version }}" }',
);

describe('a matrix step, read', () => {
  it('becomes one instance per combination, each told with its values, and a join', () => {
    const def = valid(matrixFlow);
    expect(def.steps.map((s) => s.id)).toEqual([
      'build',
      'test[20,linux]',
      'test[22,linux]',
      'test[22,mac]',
      'test',
      'ship',
    ]);
    const instance = def.steps[3];
    expect(instance?.dependsOn).toEqual(['build']);
    expect(instance?.instance).toEqual({
      of: 'test',
      index: 2,
      label: 'node 22, os mac',
      matrix: { node: 22, os: 'mac' },
    });
    expect(instance?.beat).toBe('Tests hold on node 22, os mac');
    const join = def.steps[4];
    expect(join?.dependsOn).toEqual(['test[20,linux]', 'test[22,linux]', 'test[22,mac]']);
    expect(join?.fanOut).toMatchObject({ kind: 'matrix', failFast: true, needs: ['build'] });
  });

  it('reports a matrix with nothing left, an unknown matrix key and misplaced fields', () => {
    expect(
      located(
        yaml(
          'name: m',
          'steps:',
          '  - id: a',
          '    action: shell',
          '    matrix: { os: [mac], exclude: [{ os: mac }] }',
          '    with: { run: "echo ${{ matrix.node }}" }',
          '  - id: b',
          '    action: shell',
          '    fail_fast: false',
          '    with: { run: "echo ${{ item }}" }',
          '  - id: c',
          '    action: shell',
          '    for_each: "steps.a.outputs.x"',
          '    depends_on: [a]',
          '    with: { run: "true" }',
        ),
      ),
    ).toEqual([
      '5:5 step "a": exclude leaves the matrix no combination to run',
      '6:28 step "a": with.run: the matrix has no key "node"; its keys: os',
      '9:5 step "b": fail_fast applies to a step with matrix or for_each',
      '10:28 step "b": with.run: item is read in a step with for_each:, one item per instance',
      '13:15 step "c": for_each is one expression giving a list, like ${{ steps.list.outputs.packages }}',
    ]);
  });
});

describe('a matrix step, run', () => {
  it('runs every instance with its values, then the steps after the group once', () => {
    const def = valid(matrixFlow);
    const run = simulateRun(def, {
      outcomes: {
        'test[20,linux]': [{ outputs: { version: '1' } }],
        'test[22,mac]': [{ outputs: { version: '3' } }],
      },
    });
    expect(run.state.status).toBe('succeeded');
    const started = run.commands.flatMap(({ command }) =>
      command.type === 'start-step' ? [[command.stepId, command.with.run]] : [],
    );
    expect(started).toEqual([
      ['build', 'make'],
      ['test[20,linux]', 'npm test # 20 on linux'],
      ['test[22,linux]', 'npm test # 22 on linux'],
      ['test[22,mac]', 'npm test # 22 on mac'],
      ['ship', 'echo ["1",null,"3"]'],
    ]);
    expect(run.state.steps.test?.outputs).toEqual({ version: ['1', null, '3'] });
    const told = run.events.filter((e) => e.stepId === 'test').map((e) => e.story.text);
    expect(told).toEqual(['Tests hold — on all 3 instances']);
  });

  it('fails fast: a failed instance cancels its pending siblings and the group fails', () => {
    const def = valid(matrixFlow.replace('  - id: ship', '    max_parallel: 1\n  - id: ship'));
    const failure = { reason: 'exit-code' as const, message: 'exit 1', exitCode: 1 };
    const run = simulateRun(def, { outcomes: { 'test[20,linux]': [failure] } });
    expect(run.state.status).toBe('failed');
    const statuses = Object.fromEntries(
      Object.values(run.state.steps).map((s) => [s.id, s.status]),
    );
    expect(statuses).toEqual({
      build: 'succeeded',
      'test[20,linux]': 'failed',
      'test[22,linux]': 'canceled',
      'test[22,mac]': 'canceled',
      test: 'failed',
      ship: 'skipped',
    });
    const group = run.events.find((e) => e.stepId === 'test' && e.type === 'step.failed');
    expect(group?.story.text).toBe(
      'test broke on 1 of 3 instances: node 20, os linux; 2 were stopped.',
    );
    const end = run.events.at(-1);
    expect(end?.data?.failed).toEqual(['test[20,linux]']);
  });

  it('without fail_fast lets the siblings finish; a resume re-runs only the failed instance', () => {
    const def = valid(matrixFlow.replace('    beat: Tests hold', '    fail_fast: false'));
    const failure = { reason: 'exit-code' as const, message: 'exit 1', exitCode: 1 };
    const run = simulateRun(def, { outcomes: { 'test[22,linux]': [failure] } });
    expect(run.state.status).toBe('failed');
    expect(run.state.steps['test[22,mac]']?.status).toBe('succeeded');
    const resumed = resumeSimulation(def, run.state);
    expect(resumed.state.status).toBe('succeeded');
    expect(resumed.timeline.map((t) => t.stepId)).toEqual(['test[22,linux]', 'ship']);
  });

  it('keeps max_parallel instances of a group running at once', () => {
    const def = valid(matrixFlow.replace('  - id: ship', '    max_parallel: 2\n  - id: ship'));
    const run = simulateRun(def, { maxParallel: 8 });
    const tests = run.timeline.filter((t) => t.stepId.startsWith('test['));
    const peak = Math.max(
      ...tests.map(
        (t) => tests.filter((o) => o.startMs <= t.startMs && o.endMs > t.startMs).length,
      ),
    );
    expect(peak).toBe(2);
  });
});

const forEachFlow = yaml(
  'name: f',
  'steps:',
  '  - id: list',
  '    action: shell',
  '    with: { run: ls }',
  '  - id: each',
  '    action: shell',
  '    depends_on: [list]',
  '    for_each: ${{ steps.list.outputs.packages }}',
  '    with: { run: "build ${{ item }}" }',
  '  - id: after',
  '    action: shell',
  '    depends_on: [each]',
  '    with: { run: "echo ${{ steps.each.outputs.size }}" }',
);

describe('a for_each step', () => {
  it('expands at run time into one instance per item, recorded as an event and in the definition', () => {
    const def = valid(forEachFlow);
    expect(def.steps.map((s) => s.id)).toEqual(['list', 'each', 'after']);
    const run = simulateRun(def, {
      outcomes: {
        list: [{ outputs: { packages: '["packages/a","packages/b"]' } }],
        'each[packages-a]': [{ outputs: { size: 1 } }],
        'each[packages-b]': [{ outputs: { size: 2 } }],
      },
    });
    expect(run.state.status).toBe('succeeded');
    const expanded = run.events.find((e) => e.type === 'step.expanded');
    expect(expanded?.data).toEqual({
      items: ['packages/a', 'packages/b'],
      instances: ['each[packages-a]', 'each[packages-b]'],
    });
    expect(expanded?.story.text).toBe('each fans out into 2 instances.');
    expect(run.timeline.map((t) => t.stepId)).toEqual([
      'list',
      'each[packages-a]',
      'each[packages-b]',
      'after',
    ]);
    const started = run.commands.flatMap(({ command }) =>
      command.type === 'start-step' ? [command.with.run] : [],
    );
    expect(started).toContain('build packages/b');
    expect(started).toContain('echo [1,2]');
    expect(run.definition.steps.map((s) => s.id)).toEqual([
      'list',
      'each',
      'after',
      'each[packages-a]',
      'each[packages-b]',
    ]);
  });

  it('a resume runs the same instances again, without reading the list anew', () => {
    const def = valid(forEachFlow);
    const failure = { reason: 'exit-code' as const, message: 'exit 1', exitCode: 1 };
    const run = simulateRun(def, {
      outcomes: {
        list: [{ outputs: { packages: ['a', 'b', 'c'] } }],
        'each[b]': [failure],
      },
    });
    expect(run.state.status).toBe('failed');
    const resumed = resumeSimulation(run.definition, run.state);
    expect(resumed.state.status).toBe('succeeded');
    // b failed and, failing fast, stopped c; a is not run again
    expect(resumed.timeline.map((t) => t.stepId)).toEqual(['each[b]', 'each[c]', 'after']);
    expect(resumed.events.some((e) => e.type === 'step.expanded')).toBe(false);
  });

  it('fails with a clear sentence when the output is not a list, and skips an empty one', () => {
    const def = valid(forEachFlow);
    const bad = simulateRun(def, { outcomes: { list: [{ outputs: { packages: 'a b' } }] } });
    const failed = bad.events.find((e) => e.type === 'step.failed');
    expect(failed?.story.text).toBe(
      'each could not start: ${{ steps.list.outputs.packages }} could not be resolved: for_each needs a list and got the text "a b"; a shell step sets a list by writing name=["a","b"] to $ARCFLOW_OUTPUT',
    );
    const empty = simulateRun(def, { outcomes: { list: [{ outputs: { packages: [] } }] } });
    expect(empty.state.status).toBe('succeeded');
    expect(empty.state.steps.each?.status).toBe('skipped');
    expect(empty.state.steps.after?.status).toBe('succeeded');
  });

  it('names instances by index when items have no usable name', () => {
    const def = valid(forEachFlow);
    const next = expandForEach(def, 'each', [{ dir: 'x' }, 'a b/c']);
    expect(next.steps.slice(3).map((s) => [s.id, s.instance?.label])).toEqual([
      ['each[0]', 'item 1'],
      ['each[a-b-c]', 'a b/c'],
    ]);
  });

  it('carries its instances to a newer definition of the workflow', () => {
    const def = valid(forEachFlow);
    const expanded = expandForEach(def, 'each', ['x', 'y']);
    const newer = valid(forEachFlow.replace('build ${{ item }}', 'build --fast ${{ item }}'));
    const carried = carryExpansions(expanded, newer);
    expect(carried.steps.map((s) => s.id)).toEqual(['list', 'each', 'after', 'each[x]', 'each[y]']);
    expect(carried.steps[3]?.with).toEqual({ run: 'build --fast ${{ item }}' });
  });

  it('reports the expansion among the transition changes, with the new steps', () => {
    const def = valid(forEachFlow);
    let state = decide(def, initialRunState(def), { type: 'start', at: new Date(0) }, opts).state;
    const t = decide(
      def,
      state,
      { type: 'step-succeeded', stepId: 'list', at: new Date(1), outputs: { packages: ['p'] } },
      opts,
    );
    state = t.state;
    expect(t.definition?.steps.map((s) => s.id)).toContain('each[p]');
    expect(t.changes.map((c) => [c.after.id, c.before?.status, c.after.status])).toEqual([
      ['list', 'running', 'succeeded'],
      ['each[p]', undefined, 'running'],
    ]);
    expect(state.steps['each[p]']?.status).toBe('running');
  });
});

const opts = { maxParallel: 4, retryDelayMs: () => 0 };

describe('retrying a fanned-out step', () => {
  it('runs again the instances that failed or were stopped, then the group', () => {
    const def = valid(matrixFlow);
    const plan = planRetelling(
      def,
      {
        build: 'succeeded',
        'test[20,linux]': 'succeeded',
        'test[22,linux]': 'failed',
        'test[22,mac]': 'canceled',
        test: 'failed',
        ship: 'skipped',
      },
      { kind: 'retry', step: 'test', downstream: true },
      { actions },
    );
    expect(plan.run).toEqual(['test[22,linux]', 'test[22,mac]', 'test', 'ship']);
    expect(plan.keep).toEqual(['build', 'test[20,linux]']);
  });
});

describe('conditions on instances', () => {
  it('runs the instances whose condition holds; none holding skips the group and what follows', () => {
    const some = valid(matrixFlow.replace('    beat: Tests hold', "    if: matrix.os == 'linux'"));
    const run = simulateRun(some);
    expect(run.state.status).toBe('succeeded');
    expect(run.state.steps['test[22,mac]']?.status).toBe('skipped');
    expect(run.state.steps.ship?.status).toBe('succeeded');
    const none = valid(matrixFlow.replace('    beat: Tests hold', "    if: matrix.os == 'bsd'"));
    const skipped = simulateRun(none);
    expect(skipped.state.status).toBe('succeeded');
    expect(skipped.state.steps.test?.status).toBe('skipped');
    expect(skipped.state.steps.ship?.status).toBe('skipped');
    expect(skipped.events.find((e) => e.stepId === 'test')?.story.text).toBe(
      'test is skipped: its condition was false for every instance',
    );
  });
});
