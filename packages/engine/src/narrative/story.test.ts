import { describe, expect, it } from 'vitest';
import { testStep, testWorkflow } from '../testing/harness.ts';
import {
  beatText,
  decisionText,
  formatDuration,
  lastOutputLines,
  listWords,
  resolutionText,
  retryingText,
  runFailedText,
  skippedText,
  tensionText,
  waitingText,
} from './story.ts';

const build = testStep('build', [], { timeoutMs: 600_000 });

describe('formatDuration', () => {
  it.each([
    [450, '450ms'],
    [1200, '1.2s'],
    [2000, '2s'],
    [59_940, '59.9s'],
    [59_960, '1m'],
    [184_000, '3m 04s'],
    [600_000, '10m'],
    [3_900_000, '1h 05m'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('tensionText', () => {
  it('names the exit code and quotes the last three output lines, trimmed', () => {
    const text = tensionText(build, {
      reason: 'exit-code',
      message: 'bash exited with code 2',
      exitCode: 2,
      lastLines: ['one', '  two  ', '', 'three', '  Error: cannot find module x  '],
    });
    expect(text).toBe(
      'build failed with exit code 2 — last output: "two" / "three" / "Error: cannot find module x"',
    );
  });

  it("leads with the action's summary, and adds output lines only when they tell something", () => {
    const failure = {
      reason: 'exit-code' as const,
      message: 'bash exited with code 1',
      exitCode: 1,
      summary: '1 test failed: adds zero',
    };
    expect(tensionText(build, { ...failure, lastLines: ['# fail 1', '# duration_ms 40'] })).toBe(
      'build failed: 1 test failed: adds zero',
    );
    expect(
      tensionText(build, { ...failure, lastLines: ['AssertionError: expected 0, got 1'] }),
    ).toBe(
      'build failed: 1 test failed: adds zero — last output: "AssertionError: expected 0, got 1"',
    );
  });

  it('says a timed-out step ran out of time, and how long it had', () => {
    expect(tensionText(build, { reason: 'timeout', message: 'stopped' })).toBe(
      'build ran out of time after 10m',
    );
  });

  it('names the signal when there is no exit code, and the message for errors', () => {
    const lint = testStep('lint');
    expect(tensionText(lint, { reason: 'exit-code', message: 'x', signal: 'SIGKILL' })).toBe(
      'lint was killed by SIGKILL',
    );
    expect(tensionText(lint, { reason: 'error', message: 'could not start bash\n  at x' })).toBe(
      'lint broke: could not start bash at x',
    );
  });
});

describe('other sentences', () => {
  it('reads well', () => {
    expect(beatText(testStep('lint'))).toBe('"lint" (shell) completed.');
    expect(retryingText(build, { reason: 'exit-code', message: '', exitCode: 2 }, 2000, 2, 3)).toBe(
      'build failed (exit code 2); retrying in 2s, attempt 2 of 3',
    );
    expect(skippedText(testStep('deploy'), { id: 'build', status: 'failed' })).toBe(
      'deploy is skipped because build failed',
    );
    expect(runFailedText(['build', 'lint'], 1)).toBe(
      'The arc breaks at build and lint (1 beat skipped). Resume the run once the cause is fixed.',
    );
    expect(resolutionText(testWorkflow([]), ['build'])).toBe(
      'Resolution: test-flow completes, the tension of build resolved.',
    );
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
  });

  it('leaves terminal colour codes out of the story', () => {
    const text = lastOutputLines({
      reason: 'exit-code',
      message: 'x',
      lastLines: ['\u001b[31mFAIL\u001b[39m parser'],
    });
    expect(text).toEqual(['FAIL parser']);
  });

  it("passes over vitest's, pytest's and mocha's closing tallies too", () => {
    const vitest = [
      'FAIL  src/cache.test.js > cache > expires entries',
      'AssertionError: expected 1 to be +0 // Object.is equality',
      'Test Files  1 failed (1)',
      'Tests  1 failed | 1 passed (2)',
      'Start at  01:58:14',
      'Duration  246ms (transform 20ms, setup 0ms)',
    ];
    expect(lastOutputLines({ reason: 'exit-code', message: 'x', lastLines: vitest })).toEqual([
      'FAIL  src/cache.test.js > cache > expires entries',
      'AssertionError: expected 1 to be +0 // Object.is equality',
    ]);
    const pytest = [
      '=========================== short test summary info ============================',
      'FAILED tests/test_calc.py::test_multiplies - assert 5 == 6',
      '========================= 1 failed, 2 passed in 0.18s ==========================',
    ];
    expect(lastOutputLines({ reason: 'exit-code', message: 'x', lastLines: pytest })).toEqual([
      'FAILED tests/test_calc.py::test_multiplies - assert 5 == 6',
    ]);
    const mocha = ['  1 passing (4ms)', '  1 failing', '  1) cache', '     AssertionError: nope'];
    expect(lastOutputLines({ reason: 'exit-code', message: 'x', lastLines: mocha })).toEqual([
      '1) cache',
      'AssertionError: nope',
    ]);
  });

  it("prefers the lines that say what broke over a test runner's closing tallies", () => {
    const lastLines = [
      'not ok 1 - adds two numbers',
      '  error: expected 5, got -1',
      '# tests 2',
      '# pass 1',
      '# fail 1',
      '# duration_ms 41.2',
    ];
    expect(lastOutputLines({ reason: 'exit-code', message: 'x', lastLines })).toEqual([
      'not ok 1 - adds two numbers',
      'error: expected 5, got -1',
    ]);
  });
});

describe('the story of approvals', () => {
  const review = { id: 'merge', action: 'request-review' };
  const at = new Date('2026-12-02T14:02:31Z');

  it('names the person, their words and the time of the decision', () => {
    expect(
      decisionText(review, { by: 'Alice Doe', decision: 'approve', comment: 'LGTM', at }),
    ).toBe('Alice Doe approved merge — “LGTM” (14:02 UTC)');
    expect(decisionText(review, { by: 'Bo', decision: 'reject', at })).toBe(
      'Bo rejected merge (14:02 UTC)',
    );
  });

  it('says when nobody could check who decided (local mode)', () => {
    expect(decisionText(review, { by: 'ana', decision: 'approve', at, unchecked: true })).toBe(
      'ana approved merge (14:02 UTC) (local mode: approvers not checked)',
    );
  });

  it('says who may decide, and that the workflow waives the four-eyes rule', () => {
    const request = { prompt: 'Merge?', requiredApprovals: 2, approvers: ['alice', 'role:admin'] };
    expect(waitingText(review, { ...request, fourEyes: true })).toBe(
      'merge waits for 2 approvals from alice or someone with the admin role: "Merge?"',
    );
    expect(waitingText(review, { ...request, approvers: [], fourEyes: false })).toBe(
      'merge waits for 2 approvals: "Merge?" (the four-eyes rule is waived by this workflow)',
    );
  });
});
