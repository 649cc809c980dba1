import { afterEach, describe, expect, it } from 'vitest';
import { detectTestCommand, runnerFromCommand } from './detect-tests.ts';
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

  it('finds pytest, go and cargo projects', async () => {
    expect(await detect({ 'pyproject.toml': '[tool.pytest.ini_options]\n' })).toEqual({
      command: 'pytest',
      runner: 'pytest',
    });
    await ws?.remove();
    expect(await detect({ 'setup.cfg': '[tool:pytest]\ntestpaths = tests\n' })).toMatchObject({
      command: 'pytest',
    });
    await ws?.remove();
    expect(await detect({ 'go.mod': 'module example.com/m\n' })).toEqual({
      command: 'go test ./...',
      runner: 'go',
    });
    await ws?.remove();
    expect(await detect({ 'Cargo.toml': '[package]\nname = "calc"\n' })).toEqual({
      command: 'cargo test',
      runner: 'cargo',
    });
  });

  it('finds nothing without a test script or a known project file', async () => {
    expect(await detect({ 'package.json': '{"scripts":{"build":"tsc"}}' })).toBeUndefined();
    await ws?.remove();
    expect(await detect({ 'pyproject.toml': '[project]\nname = "x"\n' })).toBeUndefined();
  });
});

describe('runnerFromCommand', () => {
  it('names the runner a command calls', () => {
    expect(runnerFromCommand('jest --ci')).toBe('jest');
    expect(runnerFromCommand('node --test test/')).toBe('node');
    expect(runnerFromCommand('python -m pytest -q')).toBe('pytest');
    expect(runnerFromCommand('make check')).toBeUndefined();
  });
});
