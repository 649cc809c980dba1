/**
 * What a trace says about a run, as plain records: the observer describes each span once it
 * has ended, and the tracer (loaded only when an OTLP endpoint is set) exports it with the
 * ids of `trace-ids.ts`.
 */

/** One telling of a run: the first is the run's root span, each resume or re-telling its child. */
export interface TellingSpan {
  runId: string;
  telling: number;
  workflow: string;
  /** What started the run: push, pull_request, schedule, webhook, manual … */
  trigger: string;
  narrative?: string;
  startedAt: Date;
  endedAt: Date;
  status: 'succeeded' | 'failed' | 'canceled';
  /** The story's last line for this telling (its climax, resolution or denouement). */
  story: string;
  /** The tension point: what broke, when something did. */
  tension?: string;
}

/** One attempt of a step, a child of the telling it ran in. */
export interface StepSpan {
  runId: string;
  telling: number;
  workflow: string;
  stepId: string;
  attempt: number;
  startedAt: Date;
  endedAt: Date;
  status: AttemptOutcome;
  /** The beat when it succeeded, the tension point when it failed. */
  story: string;
  /** The step's own `beat:` sentence, as its author wrote it. */
  beat?: string;
  failure?: { reason?: string; message?: string; exitCode?: number };
}

export type AttemptOutcome = 'succeeded' | 'failed' | 'canceled' | 'skipped' | 'interrupted';

/** Where ended spans go: the OpenTelemetry exporter, when tracing is on. */
export interface SpanSink {
  telling(span: TellingSpan): void;
  step(span: StepSpan): void;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}
