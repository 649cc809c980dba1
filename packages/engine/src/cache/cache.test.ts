import { describe, expect, it } from 'vitest';
import { builtinActionSpecs } from '../actions/builtin.ts';
import { parseWorkflow } from '../definition/parse.ts';
import { simulateRun, testStep, testWorkflow } from '../testing/harness.ts';

const withCache = (cache: string) =>
  [
    'name: flow',
    'steps:',
    '  - id: build',
    '    action: shell',
    '    with: { run: make }',
    `    cache: ${cache}`,
    '',
  ].join('\n');
const parse = (text: string) =>
  parseWorkflow(text, { file: 'wf.yaml', actions: builtinActionSpecs });
const located = (text: string) =>
  parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);

describe('a step’s cache:', () => {
  it('is read into the definition', () => {
    const result = parse(
      withCache('{ inputs: ["src/**", package-lock.json], key: "${{ workflow.name }}" }'),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.steps[0]?.cache).toEqual({
      inputs: ['src/**', 'package-lock.json'],
      key: '${{ workflow.name }}',
    });
  });

  it('refuses an empty list, absolute paths, .. and unknown fields, with their line', () => {
    expect(located(withCache('{ inputs: [] }'))).toEqual([
      expect.stringMatching(/^6:\d+ .*must list at least one glob/),
    ]);
    expect(located(withCache('{ inputs: [/etc/passwd] }'))).toEqual([
      expect.stringMatching(/^6:\d+ .*"\/etc\/passwd" is an absolute path/),
    ]);
    expect(located(withCache('{ inputs: ["src/../../secret"] }'))).toEqual([
      expect.stringMatching(/^6:\d+ .*leaves the workspace with "\.\."/),
    ]);
    expect(located(withCache('{ inputs: [src], keys: x }'))).toEqual([
      expect.stringMatching(/^6:\d+ .*keys/),
    ]);
  });
});

describe('a cache key', () => {
  it('is resolved when the step starts, over inputs, upstream outputs and the matrix', () => {
    const def = testWorkflow(
      [
        testStep('a'),
        testStep('b', ['a'], {
          cache: { inputs: ['src/**'], key: 'node-${{ inputs.node }}-${{ steps.a.outputs.v }}' },
        }),
        testStep('c', [], { cache: { inputs: ['x'] } }),
        testStep('d[22]', [], {
          cache: { inputs: ['x'], key: '${{ matrix.node }}' },
          instance: { of: 'd', index: 0, label: 'node 22', matrix: { node: 22 } },
        }),
      ],
      { inputs: [{ name: 'node', type: 'number', required: true }] },
    );
    const run = simulateRun(def, {
      inputs: { node: 22 },
      outcomes: { a: [{ outputs: { v: 'x1' } }] },
    });
    const keys = Object.fromEntries(
      run.commands.flatMap(({ command }) =>
        command.type === 'start-step' ? [[command.stepId, command.cacheKey]] : [],
      ),
    );
    expect(keys).toEqual({ a: undefined, b: 'node-22-x1', c: '', 'd[22]': '22' });
  });
});

describe('a cache key when the workflow is read', () => {
  it('reports an unknown input or a step that is not upstream, where it is written', () => {
    expect(located(withCache('{ inputs: [src], key: "${{ inputs.nod }}" }'))).toEqual([
      expect.stringMatching(/^6:\d+ .*unknown input "nod"/),
    ]);
    expect(located(withCache('{ inputs: [src], key: "${{ steps.later.outputs.x }}" }'))).toEqual([
      expect.stringMatching(/^6:\d+ .*no step "later"/),
    ]);
  });
});
