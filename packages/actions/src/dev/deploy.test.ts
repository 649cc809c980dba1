import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployAction } from './deploy.ts';
import { failureOf, runAction, type TempWorkspace, tempWorkspace } from './test-support.ts';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.remove());

describe('deploy', () => {
  it('runs the command with ARCFLOW_ENVIRONMENT set', async () => {
    const { outputs, result, lines } = await runAction(
      deployAction,
      {
        command: 'echo "to $ARCFLOW_ENVIRONMENT at $ARCFLOW_DEPLOY_URL"',
        environment: 'staging',
        url: 'https://staging.example.com',
      },
      ws.dir,
    );
    expect(lines).toContainEqual(['stdout', 'to staging at https://staging.example.com']);
    expect(outputs).toEqual({ environment: 'staging', url: 'https://staging.example.com' });
    expect(result.summary).toBe('deployed to staging (https://staging.example.com)');
  });

  it('works without a url and fails with the environment named', async () => {
    const ok = await runAction(deployAction, { command: 'true', environment: 'prod' }, ws.dir);
    expect(ok.outputs).toEqual({ environment: 'prod', url: null });
    expect(ok.result.summary).toBe('deployed to prod');

    const failure = await failureOf(
      runAction(deployAction, { command: 'exit 4', environment: 'prod' }, ws.dir),
    );
    expect(failure.summary).toBe('the deploy to prod failed: `exit 4` exited with code 4');
    expect(failure.exitCode).toBe(4);
  });

  it('accepts only http(s) urls', () => {
    const parse = (url: string) =>
      deployAction.input.safeParse({ command: 'x', environment: 'e', url }).success;
    expect(parse('ftp://example.com')).toBe(false);
    expect(parse('not a url')).toBe(false);
    expect(parse('http://localhost:3000')).toBe(true);
  });
});
