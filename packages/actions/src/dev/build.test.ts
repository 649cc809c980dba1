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

  it('fails, naming it, when an artifact is missing', async () => {
    const failure = await failureOf(
      runAction(buildAction, { command: 'true', artifacts: ['dist/app.js', 'out/*.tgz'] }, ws.dir),
    );
    expect(failure.summary).toBe('the build did not produce dist/app.js, out/*.tgz');
    expect(failure.retriable).toBe(false);
    expect(failure.details).toMatchObject({ missing: ['dist/app.js', 'out/*.tgz'] });
  });
});
