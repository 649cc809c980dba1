import { describe, expect, it } from 'vitest';
import { stepTraceparent } from '../observability/trace-ids.ts';
import { inheritedStepEnv, stepEnv } from './step-environment.ts';

describe('a step environment', () => {
  const runner = {
    PATH: '/usr/bin',
    HOME: '/home/ana',
    NPM_TOKEN: 'the-users-own',
    DATABASE_URL: 'postgres://secret',
    ARCFLOW_SECRET_KEY: 'c2VhbHMgZXZlcnkgc2VjcmV0',
    ARCFLOW_TOKEN: 'shared-token',
    ARCFLOW_METRICS_TOKEN: 'scraper-token',
    ARCFLOW_GITHUB_CLIENT_SECRET: 'gh-secret',
    ARCFLOW_OIDC_KEYCLOAK_CLIENT_SECRET: 'kc-secret',
    ARCFLOW_GITHUB_CLIENT_ID: 'gh-id',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example',
    OTEL_EXPORTER_OTLP_HEADERS: 'api-key=vendor-secret',
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'api-key=vendor-secret',
    OTEL_EXPORTER_OTLP_CLIENT_KEY: '/etc/otel/client.key',
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
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example',
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

  it("names the attempt's span as TRACEPARENT, over a trace context the runner inherited", () => {
    const parts = {
      inherited: { PATH: '/usr/bin', TRACEPARENT: '00-aaaa-bbbb-01', TRACESTATE: 'vendor=1' },
      runId: 'r1',
      stepId: 'build',
    };
    const first = stepEnv({ ...parts, attempt: 1 });
    expect(first.TRACEPARENT).toBe(stepTraceparent('r1', 'build', 1));
    expect(first).not.toHaveProperty('TRACESTATE');
    expect(stepEnv({ ...parts, attempt: 2 }).TRACEPARENT).not.toBe(first.TRACEPARENT);
    const own = stepEnv({ ...parts, attempt: 1, step: { TRACEPARENT: 'the-steps-own' } });
    expect(own.TRACEPARENT).toBe('the-steps-own');
  });
});
