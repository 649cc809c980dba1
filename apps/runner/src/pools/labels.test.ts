import { describe, expect, it } from 'vitest';
import { parseRunnerLabels } from './labels.ts';

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
