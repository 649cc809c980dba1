import { join } from 'node:path';
import { exists, isRecord, readJson, readText } from './files.ts';
import type { TestRunner } from './test-output/index.ts';

/** How to run a workspace's tests, as far as its files tell. */
export interface TestCommand {
  command: string;
  /** The runner the command is expected to use, when the files say. */
  runner?: TestRunner;
}

/** What `npm init` writes: a test script that only says there are no tests. */
const NPM_PLACEHOLDER = /no test specified/;

/**
 * Finds the test command of a workspace: a package.json `test` script (run with pnpm or yarn
 * when their lockfile is there, else npm), pytest configuration, a Go module, a Cargo crate.
 */
export async function detectTestCommand(dir: string): Promise<TestCommand | undefined> {
  const pkg = await readJson(join(dir, 'package.json'));
  const script = testScript(pkg);
  if (script !== undefined) {
    const manager = (await exists(join(dir, 'pnpm-lock.yaml')))
      ? 'pnpm'
      : (await exists(join(dir, 'yarn.lock')))
        ? 'yarn'
        : 'npm';
    return withRunner(`${manager} test`, runnerFromCommand(script));
  }
  if (await usesPytest(dir)) return { command: 'pytest', runner: 'pytest' };
  if (await exists(join(dir, 'go.mod'))) return { command: 'go test ./...', runner: 'go' };
  if (await exists(join(dir, 'Cargo.toml'))) return { command: 'cargo test', runner: 'cargo' };
  return undefined;
}

/** The runner a command line (or a package.json script) calls, when it names one. */
export function runnerFromCommand(command: string): TestRunner | undefined {
  if (/\bvitest\b/.test(command)) return 'vitest';
  if (/\bjest\b/.test(command)) return 'jest';
  if (/\bnode\b.*\s--test\b/.test(command)) return 'node';
  if (/\bpytest\b|\bpython3? -m pytest\b/.test(command)) return 'pytest';
  if (/\bgo test\b/.test(command)) return 'go';
  if (/\bcargo (test|nextest)\b/.test(command)) return 'cargo';
  if (/\b(tap|tape)\b/.test(command)) return 'tap';
  return undefined;
}

function withRunner(command: string, runner: TestRunner | undefined): TestCommand {
  return runner ? { command, runner } : { command };
}

function testScript(pkg: unknown): string | undefined {
  if (!isRecord(pkg) || !isRecord(pkg.scripts)) return undefined;
  const test = pkg.scripts.test;
  if (typeof test !== 'string' || test.trim() === '' || NPM_PLACEHOLDER.test(test))
    return undefined;
  return test;
}

async function usesPytest(dir: string): Promise<boolean> {
  if (await exists(join(dir, 'pytest.ini'))) return true;
  const pyproject = await readText(join(dir, 'pyproject.toml'));
  if (pyproject !== undefined && /\[tool\.pytest|\bpytest\b/.test(pyproject)) return true;
  const setupCfg = await readText(join(dir, 'setup.cfg'));
  if (setupCfg !== undefined && /\[tool:pytest\]/.test(setupCfg)) return true;
  const tox = await readText(join(dir, 'tox.ini'));
  return tox !== undefined && /\[pytest\]/.test(tox);
}
