import type { RunnerEnv } from '../env.ts';
import type { SpanSink } from './spans.ts';

/** Whether the environment asks for traces: an OTLP endpoint is set and the SDK not disabled. */
export function tracingEnabled(env: RunnerEnv): boolean {
  return (
    env.OTEL_SDK_DISABLED !== true &&
    Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT)
  );
}

/**
 * The span exporter when tracing is on, else undefined. The OpenTelemetry SDK is imported
 * only then, so a runner without an endpoint neither loads nor holds it.
 */
export async function startTracing(
  env: RunnerEnv,
  runnerId: string,
): Promise<SpanSink | undefined> {
  if (!tracingEnabled(env)) return undefined;
  const { createOtelSink } = await import('./otel-sink.ts');
  return createOtelSink({ serviceName: env.OTEL_SERVICE_NAME ?? 'arcflow-runner', runnerId });
}
