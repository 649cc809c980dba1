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
    expect(parseTestOutput('all good\n', 'vitest')).toEqual({
      runner: undefined,
      report: { passed: null, failed: null, skipped: null, failing: [] },
    });
    expect(parseTestOutput('all good\n', undefined)).toEqual({
      runner: undefined,
      report: { passed: null, failed: null, skipped: null, failing: [] },
    });
  });

  it('falls back to what the output is when the declared runner finds no summary', () => {
    // The project declares jest, but the step ran pytest.
    expect(parseTestOutput('===== 1 failed, 2 passed in 0.03s =====\n', 'jest')).toEqual({
      runner: 'pytest',
      report: { passed: 2, failed: 1, skipped: 0, failing: [] },
    });
    // A colourful vitest summary is still vitest's, and a lone `ok 1` log line is not TAP.
    const coloured =
      'ok 1 - cache warmed\n\u001b[2m Test Files \u001b[22m \u001b[1m\u001b[32m1 passed\u001b[39m\n\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[32m4 passed\u001b[39m (4)\n';
    expect(recogniseRunner(coloured)).toBe('vitest');
    expect(recogniseRunner('ok 1 - cache warmed\n')).toBeUndefined();
    expect(parseTestOutput('ok 1 - cache warmed\n', 'tap').runner).toBeUndefined();
  });
});
