import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAction } from './build.ts';
import { failureOf, runAction, type TempWorkspace, tempWorkspace } from './test-support.ts';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.remove());

describe('build', () => {
  it('runs the command and lists the artifacts', async () => {
    const { outputs, result, lines } = await runAction(
      buildAction,
      {
        command: 'mkdir -p dist && echo built > dist/index.js && echo done',
        artifacts: ['dist/index.js', 'dist/*.js'],
      },
      ws.dir,
    );
    expect(outputs.artifacts).toEqual(['dist/index.js']);
    expect(outputs.command).toBe('mkdir -p dist && echo built > dist/index.js && echo done');
    expect(typeof outputs.duration_ms).toBe('number');
    expect(result.summary).toMatch(/^built in \d+\.\ds, 1 artifact$/);
    expect(lines).toContainEqual(['stdout', 'done']);
  });

  it('fails on a non-zero exit', async () => {
    const failure = await failureOf(
      runAction(buildAction, { command: 'echo "error TS2322" >&2; exit 2' }, ws.dir),
    );
    expect(failure).toMatchObject({
      reason: 'exit-code',
      exitCode: 2,
      summary: 'the build failed: `echo "error TS2322" >&2; exit 2` exited with code 2',
      lastLines: ['error TS2322'],
    });
  });

  it('says there is nothing to build in a Python project, and ends skipped', async () => {
    await ws.write({
      'pyproject.toml': '[project]\nname = "calc"\nversion = "0.1.0"\n',
      'calc/__init__.py': 'def add(a, b):\n    return a + b\n',
    });
    const { outputs, result, lines } = await runAction(buildAction, {}, ws.dir);
    const why =
      'nothing to build in a Python project (pip): it has no build step, and no build command was given';
    expect(result.skipped).toBe(why);
    expect(result.summary).toBeUndefined();
    expect(outputs).toEqual({ duration_ms: 0, artifacts: [], command: null });
    expect(lines).toContainEqual(['system', why]);
    // An empty command (a template's default) means the same as none.
    expect((await runAction(buildAction, { command: '' }, ws.dir)).result.skipped).toBe(why);
  });

  it("runs the project's own build: a package.json script, a Makefile target", async () => {
    await ws.write({
      'package.json': JSON.stringify({
        name: 'demo',
        version: '1.0.0',
        scripts: { build: 'mkdir -p dist && echo built > dist/index.js' },
      }),
    });
    const npm = await runAction(buildAction, { artifacts: ['dist/index.js'] }, ws.dir);
    expect(npm.outputs).toMatchObject({ command: 'npm run build', artifacts: ['dist/index.js'] });
    expect(npm.lines).toContainEqual(['system', "$ bash -c 'npm run build'"]);

    const make = await tempWorkspace({
      Makefile: 'build:\n\tmkdir -p out && echo made > out/app\n',
    });
    try {
      const made = await runAction(buildAction, { artifacts: ['out/app'] }, make.dir);
      expect(made.outputs).toMatchObject({ command: 'make build', artifacts: ['out/app'] });
      expect(made.result.summary).toMatch(/^built in \d+\.\ds, 1 artifact$/);
    } finally {
      await make.remove();
    }
  });

  it('fails when artifacts are expected and there is nothing to build', async () => {
    await ws.write({ 'go.sum': '' });
    const failure = await failureOf(runAction(buildAction, { artifacts: ['dist/app'] }, ws.dir));
    expect(failure.summary).toBe(
      'nothing to build: no package.json, pyproject.toml, requirements.txt, go.mod, Cargo.toml or Makefile in the workspace, and no command was given, yet dist/app is expected: give the build command',
    );
    expect(failure.retriable).toBe(false);
  });

  it('fails, naming it, when an artifact is missing', async () => {
    const failure = await failureOf(
      runAction(buildAction, { command: 'true', artifacts: ['dist/app.js', 'out/*.tgz'] }, ws.dir),
    );
    expect(failure.summary).toBe('the build did not produce dist/app.js, out/*.tgz');
    expect(failure.retriable).toBe(false);
    expect(failure.details).toMatchObject({ missing: ['dist/app.js', 'out/*.tgz'] });
  });
});
