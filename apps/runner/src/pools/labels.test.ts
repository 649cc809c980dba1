import { builtinActionSpecs, parseWorkflow } from '@arcflow/engine';
import { describe, expect, it } from 'vitest';
import { labelsNeeded, parseRunnerLabels } from './labels.ts';

describe('parseRunnerLabels', () => {
  it('splits on commas, trims and drops duplicates and empty entries', () => {
    expect(parseRunnerLabels('linux, docker,,gpu,linux')).toEqual(['linux', 'docker', 'gpu']);
    expect(parseRunnerLabels('')).toEqual([]);
  });

  it('refuses a label runs_on could never name, saying which and how to write one', () => {
    expect(() => parseRunnerLabels('linux,-gpu')).toThrow(
      'invalid runner label "-gpu": a label starts with a letter or digit',
    );
    expect(() => parseRunnerLabels('big gpu')).toThrow('invalid runner label "big gpu"');
  });
});

describe('labelsNeeded', () => {
  it("sends a run to a runner with the workflow's labels and every step's", () => {
    const parsed = parseWorkflow(
      [
        'name: train',
        'runs_on: [linux]',
        'steps:',
        '  - { id: prepare, action: noop }',
        '  - { id: fit, action: noop, runs_on: [gpu, linux] }',
        '',
      ].join('\n'),
      { file: 'train.yaml', actions: builtinActionSpecs },
    );
    expect(parsed.diagnostics).toEqual([]);
    expect(labelsNeeded(parsed.definition!)).toEqual(['linux', 'gpu']);
    expect(labelsNeeded({ ...parsed.definition!, runsOn: undefined, steps: [] })).toEqual([]);
  });
});
