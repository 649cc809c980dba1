import { afterEach, describe, expect, it } from 'vitest';
import { declaredTestRunner, detectTestCommand, runnerFromCommand } from './detect-tests.ts';
import { type TempWorkspace, tempWorkspace } from './test-support.ts';

let ws: TempWorkspace | undefined;
afterEach(() => ws?.remove());

async function detect(files: Record<string, string>) {
  ws = await tempWorkspace(files);
  return detectTestCommand(ws.dir);
}

describe('detectTestCommand', () => {
  it('uses the package manager whose lockfile is there', async () => {
    const pkg = '{"scripts":{"test":"vitest run"}}';
    expect(await detect({ 'package.json': pkg })).toEqual({
      command: 'npm test',
      runner: 'vitest',
    });
    await ws?.remove();
    expect(await detect({ 'package.json': pkg, 'pnpm-lock.yaml': '' })).toMatchObject({
      command: 'pnpm test',
    });
    await ws?.remove();
    expect(await detect({ 'package.json': pkg, 'yarn.lock': '' })).toMatchObject({
      command: 'yarn test',
    });
  });

  it("finds pytest, go and cargo projects, with the Python project's own tool", async () => {
    expect(await detect({ 'pyproject.toml': '[tool.pytest.ini_options]\n' })).toEqual({
      command: 'python3 -m pytest',
      runner: 'pytest',
    });
    await ws?.remove();
    expect(await detect({ 'pyproject.toml': '[project]\nname = "x"\n', 'uv.lock': '' })).toEqual({
      command: 'uv run pytest',
      runner: 'pytest',
    });
    await ws?.remove();
    expect(await detect({ 'pytest.ini': '[pytest]\n' })).toEqual({
      command: 'pytest',
      runner: 'pytest',
    });
    await ws?.remove();
    expect(await detect({ 'setup.cfg': '[tool:pytest]\ntestpaths = tests\n' })).toMatchObject({
      command: 'pytest',
    });
    await ws?.remove();
    expect(await detect({ 'go.mod': 'module example.com/m\n' })).toEqual({
      command: 'go test -v ./...',
      runner: 'go',
    });
    await ws?.remove();
    expect(await detect({ 'Cargo.toml': '[package]\nname = "calc"\n' })).toEqual({
      command: 'cargo test',
      runner: 'cargo',
    });
  });

  it('takes the runner from the scripts the test script runs, else from the dependencies', async () => {
    const cases: Array<[pkg: object, runner: string | undefined]> = [
      [{ scripts: { test: 'npm run lint && npm run unit', unit: 'vitest run' } }, 'vitest'],
      [{ scripts: { test: 'pnpm test:unit', 'test:unit': 'mocha test/' } }, 'mocha'],
      [
        { scripts: { test: 'node scripts/test.js' }, devDependencies: { vitest: '^3.2.0' } },
        'vitest',
      ],
      [{ scripts: { test: 'c8 ./run-tests' }, devDependencies: { tape: '^5' } }, 'tap'],
      [{ scripts: { test: 'node --test' }, devDependencies: { jest: '^29' } }, 'node'],
      // Two runners and a script that names neither: no guess.
      [
        { scripts: { test: 'node scripts/test.js' }, devDependencies: { jest: '*', vitest: '*' } },
        undefined,
      ],
    ];
    for (const [pkg, runner] of cases) {
      const found = await detect({ 'package.json': JSON.stringify(pkg) });
      expect(found?.runner, JSON.stringify(pkg)).toBe(runner);
      await ws?.remove();
    }
  });

  it('finds nothing without a test script or a known project file', async () => {
    expect(await detect({ 'package.json': '{"scripts":{"build":"tsc"}}' })).toBeUndefined();
    await ws?.remove();
    expect(await detect({ 'README.md': '# notes\n' })).toBeUndefined();
  });
});

describe('runnerFromCommand', () => {
  it('names the runner a command calls', () => {
    expect(runnerFromCommand('jest --ci')).toBe('jest');
    expect(runnerFromCommand('node --test test/')).toBe('node');
    expect(runnerFromCommand('python -m pytest -q')).toBe('pytest');
    expect(runnerFromCommand('nyc mocha --recursive')).toBe('mocha');
    expect(runnerFromCommand('make check')).toBeUndefined();
  });
});

describe('declaredTestRunner', () => {
  it('reads the runner a project declares even without a test script', async () => {
    ws = await tempWorkspace({
      'package.json': JSON.stringify({
        scripts: { 'test:unit': 'vitest run' },
        devDependencies: { vitest: '^4' },
      }),
    });
    expect(await detectTestCommand(ws.dir)).toBeUndefined();
    expect(await declaredTestRunner(ws.dir)).toBe('vitest');
    await ws.remove();
    ws = await tempWorkspace({ 'Cargo.toml': '[package]\nname = "calc"\n' });
    expect(await declaredTestRunner(ws.dir)).toBe('cargo');
  });
});
