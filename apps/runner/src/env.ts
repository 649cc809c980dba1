import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** Empty or blank counts as unset. */
const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().optional(),
);

/** The environment, parsed once. Nothing else in the runner reads `process.env` for settings. */
const schema = z.object({
  /** Empty counts as unset, so `DATABASE_URL= arcflow …` picks the embedded database. */
  DATABASE_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().optional(),
  ),
  ARCFLOW_MAX_PARALLEL: z.coerce.number().int().positive().optional(),
  /** Base delay of the first retry; each further retry doubles it (capped at a minute). */
  ARCFLOW_RETRY_DELAY_MS: z.coerce.number().int().nonnegative().default(1000),
  ARCFLOW_LEASE_MS: z.coerce.number().int().positive().default(30_000),
  /**
   * `off` behind a connection pooler in transaction mode that does not carry prepared
   * statements over (PgBouncer before 1.21, or without `max_prepared_statements`).
   */
  ARCFLOW_DB_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
  NO_COLOR: z.string().optional(),
  /**
   * How many runs of the workspace may be active at once over all runners sharing its
   * database (`leases.claim`'s `maxActiveRuns`); the rest wait in the queue, in order.
   */
  ARCFLOW_MAX_RUNS: z.coerce.number().int().positive().default(32),
  /**
   * Local mode: the secret webhook senders sign with (`POST /hooks/*`), when the secrets store
   * has none (`WEBHOOK_SECRET`, see `triggers/`). Unset: `.mia/state/webhook.secret`.
   */
  ARCFLOW_WEBHOOK_SECRET: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().optional(),
  ),
  /** Where `arcflow hooks deliver` finds the runner (default http://127.0.0.1:4100). */
  ARCFLOW_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().optional(),
  ),
  /**
   * The largest webhook body accepted (bytes); 1 MiB, the most kept whole for redeliver.
   * GitHub sends up to 25 MiB: raise it for pushes that large.
   */
  ARCFLOW_WEBHOOK_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /**
   * Unsigned deliveries (401) one address may send in a minute; beyond, `POST /hooks/*` answers
   * 429 without reading, verifying or storing anything. 0: no limit.
   */
  ARCFLOW_WEBHOOK_REFUSALS_PER_MINUTE: z.coerce.number().int().nonnegative().default(20),
  /**
   * The service's connection limits (`server/http-limits.ts`). A request's headers and body
   * come at once from a working client, so seconds are plenty (a 4 MiB body in 30 s is
   * 140 KB/s); an answer may be slow to compute, so an exchange may idle longer.
   */
  /** From a request's first byte (or a new connection) to its last header line. */
  ARCFLOW_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** From a request's first byte (or a new connection) to the last byte of its body. */
  ARCFLOW_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** How long a connection may wait between requests (Node adds a second's grace). */
  ARCFLOW_HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** How long a request being answered may go without a byte either way. */
  ARCFLOW_HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** From a WebSocket upgrade request until the socket has said who it is. */
  ARCFLOW_WS_UPGRADE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Connections (WebSockets included) one address may hold open; 0: no cap. 64 is ten times
   * what a browser with a dozen tabs opens (six HTTP connections, a WebSocket a tab).
   */
  ARCFLOW_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().nonnegative().default(64),
  /**
   * The key that seals secrets at rest (32 bytes, base64); decoded and checked where it is
   * used (`identity/secret-key.ts`), so a malformed key stops only what needs secrets.
   * Unset: the workspace's `.mia/state/secret.key`.
   */
  /**
   * What one attempt of a step stores of its output (bytes): the first half and the last half,
   * with a line saying what was dropped between them (`worker/log-cap.ts`).
   */
  ARCFLOW_STEP_LOG_MAX_BYTES: z.coerce.number().int().min(1000).default(10_000_000),
  ARCFLOW_SECRET_KEY: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().optional(),
  ),
  /**
   * `GET /metrics` asks for `Authorization: Bearer <this>` when set; in team mode `/metrics`
   * answers only with it (local mode: the same guard as the API).
   */
  ARCFLOW_METRICS_TOKEN: optionalText,
  /** OpenTelemetry: traces are exported (OTLP over HTTP) only when one of these is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText,
  OTEL_SERVICE_NAME: optionalText,
  /** `true` turns tracing off whatever the endpoint. */
  OTEL_SDK_DISABLED: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() === 'true' : undefined),
    z.boolean().optional(),
  ),
  /**
   * Where the step cache and artifacts keep their bytes (`storage/open-blob-stores.ts`):
   * unset for the workspace's `.mia/cache` and `.mia/artifacts`, `file:///dir` for another
   * directory, `s3://bucket/prefix` for an S3-compatible bucket shared by several machines.
   */
  ARCFLOW_STORE_URL: optionalText,
  /** The S3 server (MinIO, Ceph…); unset for AWS S3 in `ARCFLOW_S3_REGION`. */
  ARCFLOW_S3_ENDPOINT: optionalText,
  ARCFLOW_S3_REGION: optionalText,
  /** `true` for `endpoint/bucket/key` URLs (MinIO), rather than `bucket.endpoint/key`. */
  ARCFLOW_S3_FORCE_PATH_STYLE: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
    z.enum(['true', 'false', '1', '0']).optional(),
  ),
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  /** The step cache's bound in a directory store (bytes); least recently used entries go first. */
  ARCFLOW_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 ** 3),
});

export type RunnerEnv = z.infer<typeof schema> & { defaultMaxParallel: number };

export function readEnv(source: NodeJS.ProcessEnv = process.env): RunnerEnv {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`);
  }
  return { ...parsed.data, defaultMaxParallel: availableParallelism() };
}

export function retryDelayMs(baseMs: number): (failures: number) => number {
  return (failures) => Math.min(baseMs * 2 ** Math.max(0, failures - 1), 60_000);
}

/**
 * The runner's whole environment, for what it hands on to child processes (steps inherit
 * it through `inheritedStepEnv`); settings are read with `readEnv`.
 */
export function processEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}

/**
 * Whether `ARCFLOW_DEBUG` (any value) asks the CLI for the stack trace of an unexpected
 * error. Read on its own, not through `readEnv`: it is asked while reporting an error,
 * which may be an invalid environment.
 */
export const isDebugEnabled = (source: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(source.ARCFLOW_DEBUG);
