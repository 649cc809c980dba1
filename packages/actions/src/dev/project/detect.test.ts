import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { type TempWorkspace, tempWorkspace, testEnv } from '../test-support.ts';
import { detectProject } from './detect.ts';

let ws: TempWorkspace | undefined;
afterEach(() => ws?.remove());

const pkg = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: 'demo', version: '1.0.0', ...extra });

/** Runs the real package manager in the workspace, as a user would before Arcflow. */
function install(manager: 'npm' | 'pnpm', dir: string): void {
  execFileSync(manager, ['install'], {
    cwd: dir,
    env: { ...testEnv, npm_config_update_notifier: 'false', npm_config_audit: 'false' },
    stdio: 'ignore',
  });
}

describe('detectProject', () => {
  it('an npm project: npm ci with its lockfile, and its own scripts', async () => {
    ws = await tempWorkspace({
      'package.json': pkg({ scripts: { build: 'tsc', test: 'vitest run' } }),
    });
    install('npm', ws.dir);
    expect(await detectProject(ws.dir)).toEqual({
      kind: 'node',
      tool: 'npm',
      evidence: ['package.json', 'package-lock.json'],
      commands: { install: 'npm ci', build: 'npm run build', test: 'npm test' },
      label: 'a Node.js project (npm)',
    });
  }, 60_000);

  it('a pnpm project, by its lockfile; no build or deploy command without the scripts', async () => {
    ws = await tempWorkspace({
      'package.json': pkg({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
    });
    install('pnpm', ws.dir);
    expect(await detectProject(ws.dir)).toEqual({
      kind: 'node',
      tool: 'pnpm',
      evidence: ['package.json', 'pnpm-lock.yaml'],
      commands: { install: 'pnpm install --frozen-lockfile' },
      label: 'a Node.js project (pnpm)',
    });
  }, 60_000);

  it('trusts packageManager over a stray lockfile; yarn and bun by theirs', async () => {
    ws = await tempWorkspace({
      'package.json': pkg({
        packageManager: 'pnpm@10.0.0',
        scripts: { deploy: 'wrangler deploy' },
      }),
      'package-lock.json': '{}',
    });
    expect(await detectProject(ws.dir)).toMatchObject({
      tool: 'pnpm',
      evidence: ['package.json packageManager'],
      commands: { install: 'pnpm install', deploy: 'pnpm run deploy' },
    });
    await ws.remove();
    ws = await tempWorkspace({
      'package.json': pkg({ scripts: { build: 'vite build' } }),
      'yarn.lock': '',
    });
    expect(await detectProject(ws.dir)).toMatchObject({
      tool: 'yarn',
      commands: { install: 'yarn install --frozen-lockfile', build: 'yarn build' },
    });
    await ws.remove();
    ws = await tempWorkspace({ 'package.json': pkg(), 'bun.lock': '{}' });
    expect((await detectProject(ws.dir))?.tool).toBe('bun');
  });

  it('a Python project with pyproject.toml: pip, uv or poetry, and nothing to build', async () => {
    const pyproject =
      '[project]\nname = "calc"\nversion = "0.1.0"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n';
    ws = await tempWorkspace({ 'pyproject.toml': pyproject });
    expect(await detectProject(ws.dir)).toEqual({
      kind: 'python',
      tool: 'pip',
      evidence: ['pyproject.toml'],
      commands: { install: 'python3 -m pip install -e .', test: 'python3 -m pytest' },
      label: 'a Python project (pip)',
    });
    await ws.write({ 'uv.lock': 'version = 1\n' });
    expect(await detectProject(ws.dir)).toMatchObject({
      tool: 'uv',
      evidence: ['pyproject.toml', 'uv.lock'],
      commands: { install: 'uv sync', test: 'uv run pytest' },
    });
    await ws.remove();
    ws = await tempWorkspace({
      'pyproject.toml': '[tool.poetry]\nname = "calc"\nversion = "0.1.0"\n',
    });
    expect(await detectProject(ws.dir)).toMatchObject({
      tool: 'poetry',
      commands: { install: 'poetry install', test: 'poetry run pytest' },
    });
  });

  it('Go and Rust by their manifests', async () => {
    ws = await tempWorkspace({ 'go.mod': 'module example.com/calc\n\ngo 1.22\n' });
    expect(await detectProject(ws.dir)).toMatchObject({
      kind: 'go',
      commands: { build: 'go build ./...', test: 'go test -v ./...' },
      label: 'a Go project',
    });
    await ws.remove();
    ws = await tempWorkspace({ 'Cargo.toml': '[package]\nname = "calc"\nversion = "0.1.0"\n' });
    expect(await detectProject(ws.dir)).toMatchObject({
      kind: 'rust',
      tool: 'cargo',
      commands: { build: 'cargo build', test: 'cargo test' },
      label: 'a Rust project (cargo)',
    });
  });

  it('a Makefile: its targets take over, variables and .PHONY are not targets', async () => {
    const makefile = [
      'CC := gcc',
      'OUT = bin',
      '.PHONY: build test',
      'build: src/main.c',
      '\tmkdir -p $(OUT) && $(CC) -o $(OUT)/main src/main.c',
      'test: build',
      '\t./bin/main --self-test',
    ].join('\n');
    ws = await tempWorkspace({ Makefile: makefile });
    expect(await detectProject(ws.dir)).toEqual({
      kind: 'make',
      tool: 'make',
      evidence: ['Makefile'],
      commands: { build: 'make build', test: 'make test' },
      label: 'a Make project',
    });
    await ws.write({ 'go.mod': 'module example.com/calc\n' });
    expect(await detectProject(ws.dir)).toMatchObject({
      kind: 'go',
      evidence: ['go.mod', 'Makefile'],
      commands: { install: 'go mod download', build: 'make build', test: 'make test' },
    });
  });

  it('nothing it knows', async () => {
    ws = await tempWorkspace({ 'README.md': '# notes\n' });
    expect(await detectProject(ws.dir)).toBeUndefined();
  });
});
