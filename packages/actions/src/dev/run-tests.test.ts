import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTestsAction } from './run-tests.ts';
import { failureOf, runAction, type TempWorkspace, tempWorkspace } from './test-support.ts';

const PASSING_TESTS = `import { test } from 'node:test';
import assert from 'node:assert/strict';

test('adds', () => assert.equal(1 + 1, 2));
test('formats', () => assert.equal(String(12), '12'));
test.skip('slow one', () => {});
`;

const FAILING_TESTS = `import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';

test('adds', () => assert.equal(1 + 1, 2));
describe('parser', () => {
  it('parses dates', () => assert.equal('2024', '2025'));
  it('parses numbers', () => assert.equal(Number('1'), 1));
});
describe('cli', () => {
  it('rejects flags', () => assert.fail('accepted --nope'));
});
`;

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace({ 'package.json': '{"scripts":{"test":"node --test"}}\n' });
});
afterEach(() => ws.remove());

describe('run-tests', () => {
  it('finds `npm test`, runs it and counts the results', async () => {
    await ws.write({ 'math.test.mjs': PASSING_TESTS });
    const { outputs, result, lines } = await runAction(runTestsAction, {}, ws.dir);
    expect(outputs).toEqual({
      passed: 2,
      failed: 0,
      skipped: 1,
      failing: [],
      runner: 'node',
      command: 'npm test',
    });
    expect(result.summary).toBe('2 passed, 0 failed, 1 skipped');
    expect(lines[0]).toEqual(['system', "$ bash -c 'npm test'"]);
    expect(
      lines.some(([stream, text]) => stream === 'stdout' && text.startsWith('ok 1 - adds')),
    ).toBe(true);
  }, 60_000);

  it('names the failing tests when the suite fails', async () => {
    await ws.write({ 'parser.test.mjs': FAILING_TESTS });
    const failure = await failureOf(runAction(runTestsAction, {}, ws.dir));
    expect(failure.reason).toBe('exit-code');
    expect(failure.exitCode).toBe(1);
    expect(failure.summary).toBe('2 tests failed: parser > parses dates, cli > rejects flags');
    expect(failure.details).toMatchObject({
      passed: 2,
      failed: 2,
      skipped: 0,
      failing: ['parser > parses dates', 'cli > rejects flags'],
      runner: 'node',
    });
    expect(failure.lastLines?.length).toBe(20);
    expect(failure.lastLines?.at(-1)).toMatch(/duration_ms/);
  }, 60_000);

  it('runs a given command and lists at most five failures', async () => {
    const tap = [
      'TAP version 13',
      ...Array.from({ length: 8 }, (_, i) => `not ok ${i + 1} - case ${i + 1}`),
      '1..8',
    ];
    const command = `printf '%s\\n' ${tap.map((l) => `'${l}'`).join(' ')}; exit 3`;
    const failure = await failureOf(runAction(runTestsAction, { command }, ws.dir));
    expect(failure.exitCode).toBe(3);
    expect(failure.summary).toBe(
      '8 tests failed: case 1, case 2, case 3, case 4, case 5 and 3 more',
    );
    expect(failure.details?.runner).toBe('tap');
  });

  it('says plainly when the output has no summary', async () => {
    const ok = await runAction(runTestsAction, { command: 'echo fine' }, ws.dir);
    expect(ok.outputs).toMatchObject({ passed: null, failed: null, skipped: null, runner: null });
    expect(ok.result.summary).toBe('`echo fine` passed (no test summary recognised in its output)');
    const failure = await failureOf(runAction(runTestsAction, { command: 'exit 2' }, ws.dir));
    expect(failure.summary).toBe(
      '`exit 2` exited with code 2; no failing test recognised in its output',
    );
  });

  it('fails without retries when there are no tests to run', async () => {
    const empty = await tempWorkspace({
      'package.json': '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}',
    });
    try {
      const failure = await failureOf(runAction(runTestsAction, {}, empty.dir));
      expect(failure.message).toBe(
        `no tests found in ${empty.dir}: add a \`test\` script to package.json or pass with.command`,
      );
      expect(failure.retriable).toBe(false);
    } finally {
      await empty.remove();
    }
  });

  it('rejects unknown inputs and runners', () => {
    expect(runTestsAction.input.safeParse({ runner: 'mocha' }).success).toBe(false);
    expect(runTestsAction.input.safeParse({ cmd: 'x' }).success).toBe(false);
  });
});
