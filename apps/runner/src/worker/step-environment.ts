import { fillSecrets } from '@arcflow/engine';
import { stepTraceparent } from '../observability/trace-ids.ts';

/**
 * What a step's process sees: the runner's own environment, minus what belongs to the
 * runner alone, then the workflow's `env:`, the step's `env:`, and the run's coordinates.
 */

/**
 * The runner's own credentials: its database, the key that seals stored secrets and signs
 * sessions, its shared token, sign-in providers' client secrets. A step runs code under
 * review; it must not see them.
 */
const RUNNER_SECRETS = new Set(['DATABASE_URL', 'ARCFLOW_SECRET_KEY', 'ARCFLOW_TOKEN']);
const RUNNER_SECRET_PATTERN = /^ARCFLOW_\w*(SECRET|TOKEN|PASSWORD|DATABASE_URL)$/;
/** The trace exporter's credentials: headers usually carry a vendor's API key, and its TLS key. */
const OTLP_SECRET_PATTERN = /^OTEL_EXPORTER_OTLP_(\w+_)?(HEADERS|CLIENT_KEY)$/;

function isRunnerSecret(key: string): boolean {
  return (
    RUNNER_SECRETS.has(key) || RUNNER_SECRET_PATTERN.test(key) || OTLP_SECRET_PATTERN.test(key)
  );
}

/**
 * Variables a package manager sets for the script it runs (`pnpm arcflow …`): they describe
 * how the runner was started, not the step, and npm warns "Unknown env config" about
 * pnpm's `npm_config_*`. `NPM_TOKEN`, `PNPM_HOME` (where the user's pnpm lives) and the
 * like are the user's own and stay.
 */
const USER_PACKAGE_MANAGER_VARIABLES = new Set(['PNPM_HOME']);

function isPackageManagerVariable(key: string): boolean {
  if (USER_PACKAGE_MANAGER_VARIABLES.has(key)) return false;
  const upper = key.toUpperCase();
  return key.startsWith('npm_') || upper.startsWith('NPM_CONFIG_') || upper.startsWith('PNPM_');
}

/** The part of the runner's environment that steps inherit. */
export function inheritedStepEnv(
  runnerEnv: Record<string, string | undefined>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(runnerEnv)) {
    if (value === undefined || isRunnerSecret(key) || isPackageManagerVariable(key)) continue;
    env[key] = value;
  }
  return env;
}

export interface StepEnvParts {
  /** From `inheritedStepEnv`. */
  inherited: Record<string, string>;
  /** The workflow's `env:`; it may set any variable, package manager ones included. */
  workflow?: Record<string, string>;
  /** The step's `env:`, over the workflow's. */
  step?: Record<string, string>;
  runId: string;
  stepId: string;
  attempt: number;
}

/**
 * The environment of one attempt of a step. `TRACEPARENT` names the attempt's span in the
 * run's trace (`observability/trace-ids.ts`), so a tool that speaks OpenTelemetry joins it;
 * a trace context the runner itself inherited does not reach the step. A workflow or step
 * that sets `TRACEPARENT` keeps its own.
 */
export function stepEnv(parts: StepEnvParts): Record<string, string> {
  const { TRACESTATE: _inheritedState, ...inherited } = parts.inherited;
  return {
    ...inherited,
    TRACEPARENT: stepTraceparent(parts.runId, parts.stepId, parts.attempt),
    ...parts.workflow,
    ...parts.step,
    ARCFLOW_RUN_ID: parts.runId,
    ARCFLOW_STEP_ID: parts.stepId,
    ARCFLOW_ATTEMPT: String(parts.attempt),
  };
}

/**
 * A step's `with` and `env` with each `${{ secrets.NAME }}` sentinel replaced by its value,
 * for the action alone: what the engine holds keeps the names.
 */
export function fillStepSecrets(
  step: { with: Record<string, unknown>; env: Record<string, string> },
  values: ReadonlyMap<string, string>,
): { with: Record<string, unknown>; env: Record<string, string> } {
  return { with: fillSecrets(step.with, values), env: fillSecrets(step.env, values) };
}
