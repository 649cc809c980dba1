import { join } from 'node:path';
import { exists, isRecord, readJson, readText } from './files.ts';
import { type DetectedProject, detectProject } from './project/detect.ts';
import type { TestRunner } from './test-output/index.ts';

/** How to run a workspace's tests, as far as its files tell. */
export interface TestCommand {
  command: string;
  /** The runner the project declares, when its files say. */
  runner?: TestRunner;
}

/** The test runners a package.json can depend on, by package name. */
const RUNNER_PACKAGES: Record<string, TestRunner> = {
  vitest: 'vitest',
  jest: 'jest',
  mocha: 'mocha',
  tap: 'tap',
  tape: 'tap',
};

/** `npm run unit`, `pnpm test:unit`, `yarn run unit`, `bun run unit`: the script it runs. */
const SCRIPT_CALL = /\b(?:npm|pnpm|yarn|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)/g;
const NOT_SCRIPTS = new Set(['run', 'exec', 'install', 'ci', 'dlx', 'x', '-s', '--silent']);

/**
 * Finds the test command of a workspace and the runner it declares. The command is the
 * project's own (see `detectProject`: a package.json `test` script run with the project's
 * package manager, pytest through uv or poetry, `go test -v`, `cargo test`, a Makefile `test`
 * target); a folder with pytest configuration but no Python manifest runs `pytest`.
 */
export async function detectTestCommand(dir: string): Promise<TestCommand | undefined> {
  const project = await detectProject(dir);
  const command = project?.commands.test;
  if (command !== undefined) {
    return withRunner(command, runnerFromCommand(command) ?? (await runnerOf(dir, project)));
  }
  if (await usesPytest(dir)) return { command: 'pytest', runner: 'pytest' };
  return undefined;
}

/**
 * The runner the workspace declares, whatever command runs its tests: the one its package.json
 * test script calls (following `npm run …`) or depends on, pytest, go or cargo.
 */
export async function declaredTestRunner(dir: string): Promise<TestRunner | undefined> {
  return runnerOf(dir, await detectProject(dir));
}

async function runnerOf(
  dir: string,
  project: DetectedProject | undefined,
): Promise<TestRunner | undefined> {
  const fromPackage = packageRunner(await readJson(join(dir, 'package.json')));
  if (fromPackage) return fromPackage;
  if (project?.kind === 'python' || (await usesPytest(dir))) return 'pytest';
  if (project?.kind === 'go') return 'go';
  if (project?.kind === 'rust') return 'cargo';
  return undefined;
}

/** The runner a command line (or a package.json script) calls, when it names one. */
export function runnerFromCommand(command: string): TestRunner | undefined {
  if (/\bvitest\b/.test(command)) return 'vitest';
  if (/\bjest\b/.test(command)) return 'jest';
  if (/\bmocha\b/.test(command)) return 'mocha';
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

/**
 * A package's runner: the one its `test` script calls, directly or through the scripts it
 * runs; else the one runner among its dependencies (none when it has several).
 */
function packageRunner(pkg: unknown): TestRunner | undefined {
  if (!isRecord(pkg)) return undefined;
  const scripts = isRecord(pkg.scripts) ? pkg.scripts : {};
  const fromScripts = scriptRunner(scripts, 'test', new Set());
  if (fromScripts) return fromScripts;
  const dependencies = [pkg.devDependencies, pkg.dependencies].flatMap((deps) =>
    isRecord(deps) ? Object.keys(deps) : [],
  );
  const runners = new Set(dependencies.flatMap((name) => RUNNER_PACKAGES[name] ?? []));
  return runners.size === 1 ? [...runners][0] : undefined;
}

function scriptRunner(
  scripts: Record<string, unknown>,
  name: string,
  seen: Set<string>,
): TestRunner | undefined {
  const script = scripts[name];
  if (typeof script !== 'string' || seen.has(name)) return undefined;
  seen.add(name);
  const named = runnerFromCommand(script);
  if (named) return named;
  for (const call of script.matchAll(SCRIPT_CALL)) {
    const called = call[1];
    if (called === undefined || NOT_SCRIPTS.has(called)) continue;
    const runner = scriptRunner(scripts, called, seen);
    if (runner) return runner;
  }
  return undefined;
}

async function usesPytest(dir: string): Promise<boolean> {
  if (await exists(join(dir, 'pytest.ini'))) return true;
  if (await exists(join(dir, 'conftest.py'))) return true;
  const pyproject = await readText(join(dir, 'pyproject.toml'));
  if (pyproject !== undefined && /\[tool\.pytest|\bpytest\b/.test(pyproject)) return true;
  const setupCfg = await readText(join(dir, 'setup.cfg'));
  if (setupCfg !== undefined && /\[tool:pytest\]|\bpytest\b/.test(setupCfg)) return true;
  const tox = await readText(join(dir, 'tox.ini'));
  return tox !== undefined && /\[pytest\]|\bpytest\b/.test(tox);
}
