import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTestsAction } from './run-tests.ts';
import {
  failureOf,
  runAction,
  type TempWorkspace,
  tempWorkspace,
  testEnv,
} from './test-support.ts';

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
    // The workspace declares `node --test`, whose parser reads TAP.
    expect(failure.details?.runner).toBe('node');
    const plain = await tempWorkspace();
    try {
      const unknown = await failureOf(runAction(runTestsAction, { command }, plain.dir));
      expect(unknown.details?.runner).toBe('tap');
    } finally {
      await plain.remove();
    }
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
        `no tests found in ${empty.dir}: add a \`test\` script to package.json (or pytest configuration, go.mod, Cargo.toml, a Makefile \`test\` target), or give the step a command`,
      );
      expect(failure.retriable).toBe(false);
    } finally {
      await empty.remove();
    }
  });

  it('rejects unknown inputs and runners', () => {
    expect(runTestsAction.input.safeParse({ runner: 'ava' }).success).toBe(false);
    expect(runTestsAction.input.safeParse({ runner: 'mocha' }).success).toBe(true);
    expect(runTestsAction.input.safeParse({ cmd: 'x' }).success).toBe(false);
  });
});

/** Whether `command` runs here (the live tests below skip a runner the machine lacks). */
function has(command: string, ...args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** This repository's node_modules, where vitest is installed. */
const NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));
const HAS_VITEST = existsSync(join(NODE_MODULES, '.bin', 'vitest'));
const HAS_PYTEST = has('python3', '-m', 'pytest', '--version');
const HAS_GO = has('go', 'version');

describe('run-tests with the real runners', () => {
  it.skipIf(!HAS_VITEST)(
    'reads vitest as vitest, though a test logs a line that looks like TAP',
    async () => {
      const project = await liveWorkspace({
        'package.json': JSON.stringify({
          type: 'module',
          scripts: { test: 'vitest run' },
          devDependencies: { vitest: '*' },
        }),
        'test/cache.test.js': `import { expect, it } from 'vitest';
it('warms the cache', () => {
  console.log('self-check:\\nok 1 - cache warmed');
  expect(1 + 1).toBe(2);
});
it('expires entries', () => expect('stale').toBe('fresh'));
`,
      });
      await symlink(NODE_MODULES, join(project.dir, 'node_modules'));
      const failure = await failureOf(runAction(runTestsAction, {}, project.dir));
      expect(failure.summary).toBe('1 test failed: expires entries');
      expect(failure.details).toMatchObject({
        passed: 1,
        failed: 1,
        skipped: 0,
        failing: ['expires entries'],
        runner: 'vitest',
        command: 'npm test',
      });
    },
    60_000,
  );

  it.skipIf(!HAS_PYTEST)(
    'reads pytest and names the failing test by its node id',
    async () => {
      const project = await liveWorkspace({
        'pyproject.toml': '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
        'tests/test_dates.py': `def test_parses_year():
    assert int("2024") == 2024

def test_parses_month():
    assert "01" == "1"
`,
      });
      const failure = await failureOf(
        runAction(
          runTestsAction,
          { command: 'python3 -m pytest -p no:cacheprovider' },
          project.dir,
        ),
      );
      expect(failure.summary).toBe('1 test failed: tests/test_dates.py::test_parses_month');
      expect(failure.details).toMatchObject({ passed: 1, failed: 1, skipped: 0, runner: 'pytest' });
    },
    60_000,
  );

  it.skipIf(!HAS_GO)(
    'runs go test verbosely so passing tests are counted',
    async () => {
      const project = await liveWorkspace({
        'go.mod': 'module example.com/dates\n\ngo 1.19\n',
        'dates_test.go': `package dates

import "testing"

func TestParsesYear(t *testing.T)  {}
func TestParsesMonth(t *testing.T) { t.Error("month 13 accepted") }
`,
      });
      const failure = await failureOf(
        runAction(runTestsAction, {}, project.dir, {
          env: { ...testEnv, GOFLAGS: '-count=1', GOCACHE: join(project.dir, '.gocache') },
        }),
      );
      expect(failure.summary).toBe('1 test failed: TestParsesMonth');
      expect(failure.details).toMatchObject({
        passed: 1,
        failed: 1,
        runner: 'go',
        command: 'go test -v ./...',
      });
    },
    120_000,
  );
});

const live: TempWorkspace[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((project) => project.remove()));
});

async function liveWorkspace(files: Record<string, string>): Promise<TempWorkspace> {
  const project = await tempWorkspace(files);
  live.push(project);
  return project;
}
