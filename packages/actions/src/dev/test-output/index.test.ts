import { describe, expect, it } from 'vitest';
import { parseTestOutput, recogniseRunner } from './index.ts';

describe('recogniseRunner', () => {
  it('tells the runners apart by their output', () => {
    expect(recogniseRunner(' Test Files  1 passed (1)\n      Tests  3 passed (3)\n')).toBe(
      'vitest',
    );
    expect(recogniseRunner('Tests:       3 passed, 3 total\n')).toBe('jest');
    expect(recogniseRunner('TAP version 13\nok 1 - a\n# pass 1\n# suites 0\n')).toBe('node');
    expect(recogniseRunner('TAP version 13\nok 1 - a\n# pass 1\n')).toBe('tap');
    expect(recogniseRunner('===== 3 passed in 0.01s =====\n')).toBe('pytest');
    expect(recogniseRunner('ok  \texample.com/m\t0.002s\n')).toBe('go');
    expect(recogniseRunner('test result: ok. 1 passed; 0 failed; 0 ignored;\n')).toBe('cargo');
    expect(recogniseRunner('Build succeeded\n')).toBeUndefined();
  });

  it('uses the runner it is told, and nulls when it recognises nothing', () => {
    expect(parseTestOutput('5 passed in 0.04s\n', 'pytest')).toEqual({
      runner: 'pytest',
      report: { passed: 5, failed: 0, skipped: 0, failing: [] },
    });
    expect(parseTestOutput('all good\n', undefined)).toEqual({
      runner: undefined,
      report: { passed: null, failed: null, skipped: null, failing: [] },
    });
  });
});
