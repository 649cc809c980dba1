import {
  type Attributes,
  ROOT_CONTEXT,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type IdGenerator, TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanSink, StepSpan, TellingSpan } from './spans.ts';
import { runTraceId, stepSpanId, tellingSpanId } from './trace-ids.ts';

/**
 * The OpenTelemetry SDK behind `SpanSink`: loaded only when tracing is on (see `tracing.ts`).
 * Spans are made once they have ended, with their real start times and the ids the run's
 * steps were told in `TRACEPARENT`; the exporter sends OTLP over HTTP (JSON) where
 * `OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT` says, with its `…_HEADERS`.
 */
export function createOtelSink(options: { serviceName: string; runnerId: string }): SpanSink {
  const ids = new ChosenIds();
  const provider = new TracerProvider({
    idGenerator: ids,
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.instance.id': options.runnerId,
    }),
    spanProcessors: [
      // Room for a wide fan-out's attempts between exports (the default queue holds 2,048).
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        scheduledDelayMillis: 1000,
        maxQueueSize: 10_000,
        maxExportBatchSize: 1000,
      }),
    ],
  });
  const tracer = provider.getTracer('arcflow');

  const emit = (span: {
    name: string;
    traceId: string;
    spanId: string;
    parentSpanId?: string;
    startedAt: Date;
    endedAt: Date;
    attributes: Attributes;
    status: SpanStatus;
  }) => {
    const parent = span.parentSpanId
      ? trace.setSpanContext(ROOT_CONTEXT, {
          traceId: span.traceId,
          spanId: span.parentSpanId,
          traceFlags: TraceFlags.SAMPLED,
          isRemote: true,
        })
      : ROOT_CONTEXT;
    // The SDK asks the id generator while it starts the span, synchronously.
    ids.next(span.traceId, span.spanId);
    const started = tracer.startSpan(
      span.name,
      { startTime: span.startedAt, attributes: span.attributes },
      parent,
    );
    started.setStatus(span.status);
    started.end(span.endedAt);
  };

  return {
    telling(span: TellingSpan) {
      const traceId = runTraceId(span.runId);
      emit({
        name: span.telling === 0 ? `run ${span.workflow}` : `run ${span.workflow} (resumed)`,
        traceId,
        spanId: tellingSpanId(span.runId, span.telling),
        ...(span.telling > 0 ? { parentSpanId: tellingSpanId(span.runId, 0) } : {}),
        startedAt: span.startedAt,
        endedAt: span.endedAt,
        attributes: {
          'arcflow.workflow': span.workflow,
          'arcflow.run_id': span.runId,
          'arcflow.telling': span.telling,
          'arcflow.trigger': span.trigger,
          'arcflow.status': span.status,
          'arcflow.story': span.story,
          ...(span.narrative ? { 'arcflow.narrative': span.narrative } : {}),
          ...(span.tension ? { 'arcflow.tension': span.tension } : {}),
        },
        status:
          span.status === 'succeeded'
            ? { code: SpanStatusCode.OK }
            : { code: SpanStatusCode.ERROR, message: span.tension ?? span.story },
      });
    },
    step(span: StepSpan) {
      const failed = span.status === 'failed' || span.status === 'interrupted';
      emit({
        name: `step ${span.stepId}`,
        traceId: runTraceId(span.runId),
        spanId: stepSpanId(span.runId, span.stepId, span.attempt),
        parentSpanId: tellingSpanId(span.runId, span.telling),
        startedAt: span.startedAt,
        endedAt: span.endedAt,
        attributes: {
          'arcflow.workflow': span.workflow,
          'arcflow.run_id': span.runId,
          'arcflow.step_id': span.stepId,
          'arcflow.attempt': span.attempt,
          'arcflow.status': span.status,
          'arcflow.story': span.story,
          ...(span.beat ? { 'arcflow.beat': span.beat } : {}),
          ...(span.failure?.reason ? { 'arcflow.failure.reason': span.failure.reason } : {}),
          ...(span.failure?.message ? { 'arcflow.failure.message': span.failure.message } : {}),
          ...(span.failure?.exitCode !== undefined
            ? { 'process.exit.code': span.failure.exitCode }
            : {}),
        },
        status: failed
          ? { code: SpanStatusCode.ERROR, message: span.story }
          : span.status === 'canceled'
            ? { code: SpanStatusCode.UNSET }
            : { code: SpanStatusCode.OK },
      });
    },
    shutdown: () => provider.shutdown(),
  };
}

/** Gives the SDK the ids chosen for the span about to start. */
class ChosenIds implements IdGenerator {
  private traceId = '';
  private spanId = '';

  next(traceId: string, spanId: string): void {
    this.traceId = traceId;
    this.spanId = spanId;
  }

  generateTraceId(): string {
    return this.traceId;
  }

  generateSpanId(): string {
    return this.spanId;
  }
}
