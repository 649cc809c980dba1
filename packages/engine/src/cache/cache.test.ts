import { describe, expect, it } from 'vitest';
import { builtinActionSpecs } from '../actions/builtin.ts';
import { parseWorkflow } from '../definition/parse.ts';
import { initialRunState } from '../scheduler/scheduler.ts';
import { testStep, testWorkflow } from '../testing/harness.ts';
import { resolveCacheKey } from './resolve-key.ts';

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
      withCache('{ inputs: ["src/**", package-lock.json], key: "${{ inputs.node }}" }'),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.definition?.steps[0]?.cache).toEqual({
      inputs: ['src/**', 'package-lock.json'],
      key: '${{ inputs.node }}',
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

describe('resolveCacheKey', () => {
  it('resolves expressions over the run’s inputs and steps, and is empty without a key', () => {
    const def = testWorkflow([
      testStep('a'),
      testStep('b', ['a'], {
        cache: { inputs: ['src/**'], key: 'node-${{ inputs.node }}-${{ steps.a.outputs.v }}' },
      }),
      testStep('c', [], { cache: { inputs: ['x'] } }),
    ]);
    const state = initialRunState(def, { node: 22 });
    state.steps.a = {
      ...(state.steps.a as NonNullable<typeof state.steps.a>),
      outputs: { v: 'x1' },
    };
    expect(resolveCacheKey(def, def.steps[1]!, state)).toBe('node-22-x1');
    expect(resolveCacheKey(def, def.steps[2]!, state)).toBe('');
  });
});
