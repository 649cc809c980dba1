import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The workspace the runner serves: a real git repository with a tiny npm package whose
// `node --test` suite passes or fails on purpose (as apps/runner/test/helpers/git-project.ts),
// and the workflows the tests run.

export const MATH_OK = 'export const add = (a, b) => a + b;\n';
/** `add` subtracts, so the package's tests fail. */
export const MATH_BROKEN = 'export const add = (a, b) => a - b;\n';

const MATH_TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add } from '../src/math.js';

test('adds two numbers', () => assert.equal(add(2, 3), 5));
test('adds zero', () => assert.equal(add(7, 0), 7));
`;

/** Shell steps only, a second or two each: long enough to see a step running. */
const GREEN_ARC = `name: green-arc
narrative: "A short arc the browser watches turn green"
steps:
  - id: warm-up
    action: shell
    universe: story
    beat: "The stage is set"
    with:
      run: |
        echo "warming up"
        sleep 2
        echo "warm"
  - id: build
    action: shell
    universe: engineer
    depends_on: [warm-up]
    beat: "The pieces come together"
    with:
      run: |
        echo "building"
        sleep 2
        echo "built"
`;

/** Runs the package's tests; they fail while src/math.js subtracts. */
const TESTS_ARC = `name: tests-arc
narrative: "The package's tests are run, fail, and pass once the cause is fixed"
steps:
  - id: prepare
    action: shell
    universe: story
    beat: "The workspace is ready"
    with:
      run: echo "node $(node --version)"
  - id: unit-tests
    action: shell
    universe: engineer
    depends_on: [prepare]
    beat: "The calculator adds as promised"
    with:
      run: node --test
  - id: publish
    action: shell
    universe: story
    depends_on: [unit-tests]
    beat: "The calculator meets its users"
    with:
      run: echo "published"
`;

const REVIEW_ARC = `name: review-arc
narrative: "A change waits for a person to welcome it"
steps:
  - id: build
    action: shell
    universe: engineer
    beat: "The change is built"
    with:
      run: echo "built"
  - id: review
    action: request-review
    universe: ceremony
    depends_on: [build]
    beat: "A reviewer welcomes the change"
    with:
      prompt: "Ship the change?"
  - id: ship
    action: shell
    universe: story
    depends_on: [review]
    beat: "The change ships"
    with:
      run: echo "shipped"
`;

/** A chain of one-second steps: long enough to reload the page in the middle. */
const SLOW_ARC = `name: slow-arc
narrative: "A slow arc, one second at a time"
steps:
${['one', 'two', 'three', 'four', 'five']
  .map(
    (id, i, all) => `  - id: ${id}
    action: shell
    universe: engineer
${i > 0 ? `    depends_on: [${all[i - 1]}]\n` : ''}    beat: "Beat ${id} lands"
    with:
      run: |
        echo "beat ${id} begins"
        sleep 1
        echo "beat ${id} ends"
`,
  )
  .join('')}`;

export const WORKFLOWS: Record<string, string> = {
  'green-arc': GREEN_ARC,
  'tests-arc': TESTS_ARC,
  'review-arc': REVIEW_ARC,
  'slow-arc': SLOW_ARC,
};

function write(dir: string, file: string, content: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), content);
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function createWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arcflow-e2e-ws-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Tess Tester');
  git(dir, 'config', 'user.email', 'tess@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  write(
    dir,
    'package.json',
    `${JSON.stringify({ name: 'demo', version: '1.0.0', type: 'module', private: true, scripts: { test: 'node --test' } }, null, 2)}\n`,
  );
  write(dir, '.gitignore', 'node_modules/\n.mia/state/\n');
  write(dir, 'src/math.js', MATH_OK);
  write(dir, 'test/math.test.js', MATH_TEST);
  for (const [name, yaml] of Object.entries(WORKFLOWS)) {
    write(dir, `.mia/workflows/${name}.yaml`, yaml);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'feat: a calculator that adds');
  return dir;
}
