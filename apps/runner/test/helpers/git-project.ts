import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A real git repository with a tiny npm package whose node:test suite passes or fails on purpose. */
export class GitProject {
  constructor(readonly dir: string) {}

  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  }

  write(file: string, content: string): void {
    mkdirSync(dirname(join(this.dir, file)), { recursive: true });
    writeFileSync(join(this.dir, file), content);
  }

  commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
  }

  /** `add(a, b)` and a test of it; `broken` makes add subtract, so the test fails. */
  writeMath({ broken = false } = {}): void {
    this.write('src/math.js', `export const add = (a, b) => a ${broken ? '-' : '+'} b;\n`);
  }

  /** An empty repository on `branch`, with a committer, ready for a project's files. */
  static init(dir: string, branch = 'main'): GitProject {
    const project = new GitProject(dir);
    project.git('init', '-q', '-b', branch);
    project.git('config', 'user.name', 'Tess Tester');
    project.git('config', 'user.email', 'tess@example.com');
    project.git('config', 'commit.gpgsign', 'false');
    // The embedded database may already be there (copied from a template to save seconds);
    // arcflow ignores it with this file when it creates the state directory itself.
    if (existsSync(join(dir, '.mia', 'state'))) project.write('.mia/state/.gitignore', '*\n');
    return project;
  }

  static create(dir: string): GitProject {
    const project = GitProject.init(dir);
    project.write(
      'package.json',
      `${JSON.stringify({ name: 'demo', version: '1.0.0', type: 'module', private: true, scripts: { test: 'node --test' } }, null, 2)}\n`,
    );
    project.write('.gitignore', 'node_modules/\n');
    project.writeMath();
    project.write(
      'test/math.test.js',
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/math.js';\n\ntest('adds two numbers', () => assert.equal(add(2, 3), 5));\ntest('adds zero', () => assert.equal(add(7, 0), 7));\n",
    );
    project.commit('feat: a calculator that adds');
    return project;
  }
}
