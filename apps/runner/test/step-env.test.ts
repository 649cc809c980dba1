import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, cliJson } from './helpers/cli.ts';
import type { RunJson } from './helpers/run-json.ts';
import { TestWorkspace } from './helpers/workspace.ts';

const PRINT_ENV = `
name: print-env
env:
  npm_config_from_workflow: kept
  GREETING: hello from the workflow
steps:
  - id: show
    action: shell
    with: { run: "env | sort" }
`;

describe('the environment of a step started through pnpm', () => {
  let ws: TestWorkspace;
  beforeEach(() => {
    ws = new TestWorkspace();
  });
  afterEach(() => ws.remove());

  it("leaves out the package manager's variables the runner inherited, not the workflow's", async () => {
    ws.workflow('print-env', PRINT_ENV);
    // What `pnpm arcflow run …` puts in the runner's environment.
    const env = {
      DATABASE_URL: undefined,
      npm_config_foo: 'bar',
      npm_config_user_agent: 'pnpm/10.0.0 npm/? node/v20',
      NPM_CONFIG_LOGLEVEL: 'warn',
      npm_lifecycle_event: 'arcflow',
      PNPM_HOME: '/tmp/pnpm-home',
      PNPM_SCRIPT_SRC_DIR: ws.dir,
      pnpm_config_verify_deps_before_run: 'false',
      MY_OWN_SETTING: 'stays',
    };
    const ran = await cliJson<RunJson>(['run', 'print-env', '--json'], { cwd: ws.dir, env });
    expect(ran.code).toBe(0);
    const logs = await cli(['logs', ran.json.id, 'show'], { cwd: ws.dir, env });
    expect(logs.code).toBe(0);
    const names = logs.stdout.split('\n').map((line) => line.split('=')[0]);
    for (const name of [
      'npm_config_foo',
      'npm_config_user_agent',
      'NPM_CONFIG_LOGLEVEL',
      'npm_lifecycle_event',
      'PNPM_SCRIPT_SRC_DIR',
      'pnpm_config_verify_deps_before_run',
    ]) {
      expect(names).not.toContain(name);
    }
    expect(logs.stdout).toContain('npm_config_from_workflow=kept');
    expect(logs.stdout).toContain('GREETING=hello from the workflow');
    expect(logs.stdout).toContain('MY_OWN_SETTING=stays');
    expect(logs.stdout).toContain('PNPM_HOME=/tmp/pnpm-home'); // where the user's pnpm lives
    expect(logs.stdout).toContain(`ARCFLOW_RUN_ID=${ran.json.id}`);
  });
});
