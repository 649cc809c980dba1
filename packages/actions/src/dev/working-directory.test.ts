import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAction } from './build.ts';
import { runTestsAction } from './run-tests.ts';
import { failureOf, runAction, type TempWorkspace, tempWorkspace } from './test-support.ts';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await mkdir(join(ws.dir, 'packages', 'api'), { recursive: true });
  await writeFile(
    join(ws.dir, 'packages', 'api', 'Makefile'),
    'build:\n\tmkdir -p dist && pwd > dist/where\ntest:\n\t@echo "ok 1 - works"\n\t@echo "1..1"\n',
  );
});
afterEach(() => ws.remove());

describe('working_directory of build and run-tests', () => {
  it('finds the command from the package and runs it there', async () => {
    const built = await runAction(
      buildAction,
      { working_directory: 'packages/api', artifacts: ['dist/where'] },
      ws.dir,
    );
    expect(built.outputs.command).toBe('make build');
    expect(built.outputs.artifacts).toEqual(['dist/where']);
    const tested = await runAction(runTestsAction, { working_directory: 'packages/api' }, ws.dir);
    expect(tested.outputs.command).toBe('make test');
  });

  it('refuses a directory that is missing or leads outside the workspace', async () => {
    await symlink('/tmp', join(ws.dir, 'escape'));
    const missing = await failureOf(runAction(buildAction, { working_directory: 'nope' }, ws.dir));
    expect(missing.message).toBe('working_directory "nope" does not exist in the workspace');
    const outside = await failureOf(
      runAction(buildAction, { working_directory: 'escape' }, ws.dir),
    );
    expect(outside.message).toBe('working_directory "escape" leads outside the workspace');
  });
});
