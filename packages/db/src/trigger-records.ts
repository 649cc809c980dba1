// Records of issue 13's tables: trigger deliveries, schedule fires and runners.

export const DELIVERY_SOURCES = ['github', 'gitlab', 'generic', 'git-hook', 'schedule'] as const;
/** Where a delivery came from. */
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

export const DELIVERY_VERDICTS = ['accepted', 'ignored', 'refused'] as const;
/** accepted (matched, runs started or to start), ignored (nothing matched), refused (bad signature, too large, …). */
export type DeliveryVerdict = (typeof DELIVERY_VERDICTS)[number];

/** A delivery's body: JSON when it parsed as JSON, the text otherwise. */
export type DeliveryPayload =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | null;

export interface DeliveryRecord {
  /** The row's id (uuid), what URLs and `redeliveryOf` name. */
  id: string;
  workspaceDir: string;
  source: DeliverySource;
  /** The sender's delivery id (X-GitHub-Delivery, …), unique per workspace and source. */
  deliveryId: string;
  /** Null when one hook serves several workflows (GitHub, GitLab). */
  workflowName: string | null;
  eventKind: string;
  /** Secrets-free headers. */
  headers: Record<string, string>;
  payload: DeliveryPayload;
  verdict: DeliveryVerdict;
  reason: string | null;
  receivedAt: Date;
  /** The delivery (row id) this one repeats, for a redelivery. */
  redeliveryOf: string | null;
  /** The runs it started, oldest first. */
  runIds: string[];
}

export interface NewDelivery {
  workspaceDir: string;
  source: DeliverySource;
  deliveryId: string;
  workflowName?: string | null;
  eventKind: string;
  /** Strip signatures and tokens before: they are stored as given. */
  headers?: Record<string, string>;
  /** Capped by the caller (the store keeps what it gets). */
  payload?: DeliveryPayload;
  verdict: DeliveryVerdict;
  reason?: string | null;
  redeliveryOf?: string | null;
  receivedAt?: Date;
}

/** What `Deliveries.record` did: `created` false means the delivery id was already stored. */
export interface RecordedDelivery {
  created: boolean;
  delivery: DeliveryRecord;
}

export interface DeliveryFilter {
  workspaceDir: string;
  source?: DeliverySource;
  workflowName?: string;
  verdict?: DeliveryVerdict;
  /** Default 50, at most 500. */
  limit?: number;
  /** Keyset cursor: only deliveries older than this one (pass the last record of a page). */
  before?: { receivedAt: Date; id: string };
}

/** Which schedule of which workflow fires when. */
export interface ScheduleTick {
  workspaceDir: string;
  workflowName: string;
  /** The schedule's cron expression (with its timezone if any, e.g. `0 3 * * 1-5 Europe/Paris`). */
  schedule: string;
  fireTime: Date;
}

export interface RunnerRecord {
  /** The runner's lease owner id (`<host>-<pid>` for `arcflow serve`). */
  id: string;
  labels: string[];
  host: string;
  pid: number;
  version: string;
  startedAt: Date;
  lastHeartbeatAt: Date;
  currentRuns: number;
  /** Its last heartbeat is older than the `staleAfterMs` the list was asked with. */
  stale: boolean;
}

export interface RunnerHeartbeat {
  id: string;
  labels: string[];
  host: string;
  pid: number;
  version: string;
  currentRuns: number;
}
