import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GitProject } from '../helpers/git-project.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
/** The repository's own node_modules, where vitest is installed. */
const NODE_MODULES = join(import.meta.dirname, '../../../../node_modules');

/**
 * A kind of project in the corpus: a tiny calculator with two tests, `adds two numbers` and
 * `multiplies two numbers`, built from `fixtures/<kind>/`. Breaking `multiply` makes the second
 * fail; restoring the file fixes it.
 */
export interface CorpusKind {
  kind: 'npm' | 'pnpm' | 'python' | 'go' | 'vitest';
  /** The runner run-tests reports (`outputs.runner`). */
  runner: string;
  /** The command run-tests finds. */
  testCommand: string;
  /** The failing test as the runner names it. */
  failing: string;
  /** The file that holds `multiply`, and what it says when it is broken. */
  source: { path: string; broken: (text: string) => string };
  /** What the `build` step does: the command it finds, or the reason it is skipped. */
  build: { command: string } | { skipped: string };
  /** What `deploy` does in feature-delivery (environment staging). */
  deploy: { command: string } | { skipped: string };
  /** Whether the machine can run this kind (its tool is installed). */
  available: boolean;
}

function has(command: string, ...args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const jsMultiplyBroken = (text: string) =>
  text.replace(
    'export const multiply = (a, b) => a * b;',
    'export const multiply = (a, b) => a + b;',
  );

export const KINDS: CorpusKind[] = [
  {
    kind: 'npm',
    runner: 'node',
    testCommand: 'npm test',
    failing: 'calc > multiplies two numbers',
    source: { path: 'src/calc.js', broken: jsMultiplyBroken },
    build: {
      skipped:
        'nothing to build in a Node.js project (npm): package.json has no `build` script, and no build command was given',
    },
    deploy: {
      skipped:
        'nothing to deploy to staging in a Node.js project (npm): package.json has no `deploy` script, and no deploy command was given',
    },
    available: true,
  },
  {
    kind: 'pnpm',
    runner: 'node',
    testCommand: 'pnpm test',
    failing: 'multiplies two numbers',
    source: { path: 'src/calc.js', broken: jsMultiplyBroken },
    build: { command: 'pnpm run build' },
    deploy: { command: 'pnpm run deploy' },
    available: has('pnpm', '--version'),
  },
  {
    kind: 'python',
    runner: 'pytest',
    testCommand: 'python3 -m pytest',
    failing: 'tests/test_calc.py::test_multiplies_two_numbers',
    source: {
      path: 'calc/__init__.py',
      broken: (text) => text.replace('return a * b', 'return a + b'),
    },
    build: {
      skipped:
        'nothing to build in a Python project (pip): it has no build step, and no build command was given',
    },
    deploy: {
      skipped:
        'nothing to deploy to staging in a Python project (pip): it has no deploy step, and no deploy command was given',
    },
    available: has('python3', '-m', 'pytest', '--version'),
  },
  {
    kind: 'go',
    runner: 'go',
    testCommand: 'go test -v ./...',
    failing: 'TestCalc/multiplies_two_numbers',
    source: {
      path: 'calc/calc.go',
      broken: (text) => text.replace('return a * b', 'return a + b'),
    },
    build: { command: 'go build ./...' },
    deploy: {
      skipped:
        'nothing to deploy to staging in a Go project: it has no deploy step, and no deploy command was given',
    },
    available: has('go', 'version'),
  },
  {
    kind: 'vitest',
    runner: 'vitest',
    testCommand: 'npm test',
    failing: 'calc > multiplies two numbers',
    source: { path: 'src/calc.js', broken: jsMultiplyBroken },
    build: {
      skipped:
        'nothing to build in a Node.js project (npm): package.json has no `build` script, and no build command was given',
    },
    deploy: {
      skipped:
        'nothing to deploy to staging in a Node.js project (npm): package.json has no `deploy` script, and no deploy command was given',
    },
    available: existsSync(join(NODE_MODULES, '.bin', 'vitest')),
  },
];

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : [path];
  });
}

/** A corpus project as its own repository: the fixture's files committed on `branch`. */
export class CorpusProject {
  constructor(
    readonly kind: CorpusKind,
    readonly repo: GitProject,
  ) {}

  get dir(): string {
    return this.repo.dir;
  }

  /** The fixture's text of `file` (its `gitignore` is the project's `.gitignore`). */
  fixture(file: string): string {
    return readFileSync(join(FIXTURES, this.kind.kind, file), 'utf8');
  }

  /** `multiply` adds instead: the `multiplies two numbers` test fails. */
  breakMultiply(): void {
    const { path, broken } = this.kind.source;
    const text = this.fixture(path);
    const changed = broken(text);
    if (changed === text) throw new Error(`the ${this.kind.kind} fixture's ${path} did not break`);
    this.repo.write(path, changed);
  }

  /** `multiply` as the fixture has it: every test passes. */
  fixMultiply(): void {
    this.repo.write(this.kind.source.path, this.fixture(this.kind.source.path));
  }

  static create(kind: CorpusKind, dir: string, branch = 'main'): CorpusProject {
    const repo = GitProject.init(dir, branch);
    const root = join(FIXTURES, kind.kind);
    for (const path of filesOf(root)) {
      const file = relative(root, path);
      repo.write(file === 'gitignore' ? '.gitignore' : file, readFileSync(path, 'utf8'));
    }
    // vitest is not installed offline: the project uses the repository's own.
    if (kind.kind === 'vitest') symlinkSync(NODE_MODULES, join(dir, 'node_modules'));
    repo.commit(`feat: a ${kind.kind} calculator`);
    return new CorpusProject(kind, repo);
  }
}
