import { describe, expect, it } from 'vitest';
import { inheritedStepEnv, stepEnv } from './step-environment.ts';

describe('a step environment', () => {
  const runner = {
    PATH: '/usr/bin',
    HOME: '/home/ana',
    NPM_TOKEN: 'the-users-own',
    DATABASE_URL: 'postgres://secret',
    ARCFLOW_SECRET_KEY: 'c2VhbHMgZXZlcnkgc2VjcmV0',
    ARCFLOW_TOKEN: 'shared-token',
    ARCFLOW_GITHUB_CLIENT_SECRET: 'gh-secret',
    ARCFLOW_OIDC_KEYCLOAK_CLIENT_SECRET: 'kc-secret',
    ARCFLOW_GITHUB_CLIENT_ID: 'gh-id',
    npm_config_foo: 'bar',
    npm_config_user_agent: 'pnpm/10',
    NPM_CONFIG_LOGLEVEL: 'warn',
    npm_lifecycle_event: 'arcflow',
    npm_execpath: '/usr/lib/pnpm.cjs',
    PNPM_HOME: '/home/ana/.local/share/pnpm',
    PNPM_SCRIPT_SRC_DIR: '/work',
    pnpm_config_verify_deps_before_run: 'false',
    UNSET: undefined,
  };

  it("inherits the runner's environment without its credentials or its package manager's variables", () => {
    expect(inheritedStepEnv(runner)).toEqual({
      ARCFLOW_GITHUB_CLIENT_ID: 'gh-id',
      PATH: '/usr/bin',
      HOME: '/home/ana',
      NPM_TOKEN: 'the-users-own',
      PNPM_HOME: '/home/ana/.local/share/pnpm',
    });
  });

  it('keeps what the workflow and the step set, package manager variables included', () => {
    const env = stepEnv({
      inherited: inheritedStepEnv(runner),
      workflow: { npm_config_registry: 'https://registry.example', GREETING: 'hello' },
      step: { GREETING: 'hi' },
      runId: 'r1',
      stepId: 'build',
      attempt: 2,
    });
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      npm_config_registry: 'https://registry.example',
      GREETING: 'hi',
      ARCFLOW_RUN_ID: 'r1',
      ARCFLOW_STEP_ID: 'build',
      ARCFLOW_ATTEMPT: '2',
    });
    expect(env).not.toHaveProperty('npm_config_foo');
  });
});
