import { createHash } from 'node:crypto';

/**
 * The ids of a run's trace, derived from the run alone: the environment of a step can name
 * its span before the span exists, and a run resumed or taken over by another runner goes
 * on in the same trace. W3C Trace Context: 16-byte trace id, 8-byte span ids, lowercase hex.
 */

const digest = (text: string, hexChars: number): string => {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, hexChars);
  // An all-zero id is invalid; one in 2^64 hashes would give it.
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
};

export const runTraceId = (runId: string): string => digest(`arcflow:trace:${runId}`, 32);

/**
 * The span of one telling of the run: 0 is the first, each resume or re-telling the next.
 * Every telling after the first is a child of the first, the run's root span.
 */
export const tellingSpanId = (runId: string, telling: number): string =>
  digest(`arcflow:telling:${runId}:${telling}`, 16);

/** The span of one attempt of a step, a child of the telling it ran in. */
export const stepSpanId = (runId: string, stepId: string, attempt: number): string =>
  digest(`arcflow:step:${runId}:${stepId}:${attempt}`, 16);

/**
 * `TRACEPARENT` for a step's attempt (version 00, sampled): a tool the step runs that
 * speaks OpenTelemetry makes its spans children of the attempt's span.
 */
export const stepTraceparent = (runId: string, stepId: string, attempt: number): string =>
  `00-${runTraceId(runId)}-${stepSpanId(runId, stepId, attempt)}-01`;
