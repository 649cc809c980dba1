import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    expect(outputs).toMatchObject({
      environment: 'staging',
      url: 'https://staging.example.com',
      deployed: true,
    });
    expect(result.summary).toBe(
      'deployed to staging (https://staging.example.com) with `echo "to $ARCFLOW_ENVIRONMENT at $ARCFLOW_DEPLOY_URL"`',
    );
  });

  it('works without a url and fails with the environment named', async () => {
    const ok = await runAction(deployAction, { command: 'true', environment: 'prod' }, ws.dir);
    expect(ok.outputs).toEqual({
      environment: 'prod',
      url: null,
      deployed: true,
      command: 'true',
      outcome: 'deployed to prod',
    });
    expect(ok.result.summary).toBe('deployed to prod with `true`');

    const failure = await failureOf(
      runAction(deployAction, { command: 'exit 4', environment: 'prod' }, ws.dir),
    );
    expect(failure.summary).toBe('the deploy to prod failed: `exit 4` exited with code 4');
    expect(failure.exitCode).toBe(4);
  });

  it('never says "deployed" when the project has no deploy command: the step ends skipped', async () => {
    await ws.write({
      'package.json': JSON.stringify({
        name: 'demo',
        version: '1.0.0',
        scripts: { test: 'node --test' },
      }),
    });
    const { outputs, result } = await runAction(
      deployAction,
      { command: '', environment: 'staging' },
      ws.dir,
    );
    expect(result.skipped).toBe(
      'nothing to deploy to staging in a Node.js project (npm): package.json has no `deploy` script, and no deploy command was given',
    );
    expect(result.summary).toBeUndefined();
    expect(outputs).toEqual({
      environment: 'staging',
      url: null,
      deployed: false,
      command: null,
      outcome: result.skipped,
    });
  });

  it("runs the project's own deploy script", async () => {
    await ws.write({
      'package.json': JSON.stringify({
        name: 'demo',
        version: '1.0.0',
        scripts: { deploy: 'echo "$ARCFLOW_ENVIRONMENT" > deployed.txt' },
      }),
    });
    const { outputs, result } = await runAction(deployAction, { environment: 'staging' }, ws.dir);
    expect(outputs).toMatchObject({ deployed: true, command: 'npm run deploy' });
    expect(result.summary).toBe('deployed to staging with `npm run deploy`');
    expect(readFileSync(join(ws.dir, 'deployed.txt'), 'utf8').trim()).toBe('staging');
  });

  it('accepts only http(s) urls', () => {
    const parse = (url: string) =>
      deployAction.input.safeParse({ command: 'x', environment: 'e', url }).success;
    expect(parse('ftp://example.com')).toBe(false);
    expect(parse('not a url')).toBe(false);
    expect(parse('http://localhost:3000')).toBe(true);
  });
});
