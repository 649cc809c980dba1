/**
 * A normalized event: what the webhook, git-hook, cron and manual sources all turn into
 * before matching (`matchTrigger`) and before a run starts with it (its inciting incident,
 * `${{ event.* }}`). Pure data, JSON-serializable, so it is stored as is with its delivery.
 */

export const TRIGGER_EVENT_KINDS = [
  'push',
  'pull_request',
  'tag',
  'release',
  'schedule',
  'webhook',
  'manual',
] as const;
export type TriggerEventKind = (typeof TRIGGER_EVENT_KINDS)[number];

/** GitHub's pull request activity types that `on.pull_request.types` may name. */
export const PULL_REQUEST_TYPES = [
  'opened',
  'synchronize',
  'reopened',
  'closed',
  'edited',
  'ready_for_review',
  'converted_to_draft',
  'labeled',
  'unlabeled',
  'assigned',
  'unassigned',
  'review_requested',
  'review_request_removed',
  'locked',
  'unlocked',
] as const;
export type PullRequestType = (typeof PULL_REQUEST_TYPES)[number];
/** What `on.pull_request` listens to when it names no `types` (as GitHub Actions does). */
export const DEFAULT_PULL_REQUEST_TYPES: readonly PullRequestType[] = [
  'opened',
  'synchronize',
  'reopened',
];

export interface TriggerCommit {
  sha: string;
  message: string;
  author?: string;
}

export interface TriggerPullRequest {
  number: number;
  title: string;
  /** The branch the pull request merges into. */
  base: string;
  /** The branch with the changes. */
  head: string;
  /** What happened to it: opened, synchronize, closed, … */
  action: PullRequestType;
}

export interface TriggerSchedule {
  cron: string;
  timezone?: string;
  /** The fire time the tick stands for (not when it was noticed), ISO 8601. */
  time: string;
}

export interface TriggerEvent {
  kind: TriggerEventKind;
  /** Where it came from: github, gitlab, git-hook, cron, a generic webhook's name, … */
  source?: string;
  /** `refs/heads/main`, `refs/tags/v1.2.0`. */
  ref?: string;
  /** The branch, without `refs/heads/` (pushes; a pull request's head). */
  branch?: string;
  /** The tag, without `refs/tags/` (tag pushes, releases). */
  tag?: string;
  /** The commit the run is about (after the push; a pull request's head). */
  sha?: string;
  /** The commit before the push. */
  before?: string;
  /** Who caused it: the pusher, the pull request's author, the person who started the run. */
  author?: string;
  commits?: readonly TriggerCommit[];
  pr?: TriggerPullRequest;
  /** The delivery's id (`X-GitHub-Delivery`, a generated one for other sources). */
  deliveryId?: string;
  schedule?: TriggerSchedule;
  /** A generic webhook's JSON body, as received. */
  payload?: unknown;
  /** Files the push or pull request changed, relative to the repository; `paths` filters need them. */
  changedFiles?: readonly string[];
}

/**
 * The event as expressions read it, `${{ event.branch }}`: snake_case like the YAML, every
 * field present (null when it does not apply), so `event.pr.number` on a push is empty, not
 * an error.
 */
export interface EventExpressionValue {
  kind: TriggerEventKind;
  source: string | null;
  ref: string | null;
  branch: string | null;
  tag: string | null;
  sha: string | null;
  before: string | null;
  author: string | null;
  commits: TriggerCommit[];
  pr: {
    number: number | null;
    title: string | null;
    base: string | null;
    head: string | null;
    action: string | null;
  };
  delivery_id: string | null;
  schedule: { time: string | null; cron: string | null; timezone: string | null };
  payload: unknown;
}

/** The fields `${{ event.* }}` has, for validation and the editor; `payload` is free-form. */
export const EVENT_FIELDS = {
  kind: 'push, pull_request, tag, release, schedule, webhook or manual',
  source: 'where the event came from: github, gitlab, git-hook, cron, or the webhook name',
  ref: 'the full ref, e.g. refs/heads/main',
  branch: 'the branch pushed to (a pull request: its head branch)',
  tag: 'the tag pushed or released',
  sha: 'the commit the run is about',
  before: 'the commit before the push',
  author: 'who pushed, opened the pull request, or started the run',
  commits: 'the commits pushed: a list of { sha, message, author }',
  pr: {
    number: 'number',
    title: 'title',
    base: 'base branch',
    head: 'head branch',
    action: 'what happened',
  },
  delivery_id: "the delivery's id",
  schedule: {
    time: 'the fire time (ISO 8601)',
    cron: 'the cron expression',
    timezone: 'its time zone',
  },
  payload: "a generic webhook's JSON body",
} as const;

/** A manual run's event: the person who started it. */
export function manualEvent(author?: string): TriggerEvent {
  return author === undefined ? { kind: 'manual' } : { kind: 'manual', author };
}

export function eventExpressionValue(event: TriggerEvent | undefined): EventExpressionValue {
  const e = event ?? manualEvent();
  return {
    kind: e.kind,
    source: e.source ?? null,
    ref: e.ref ?? null,
    branch: e.branch ?? (e.kind === 'pull_request' ? (e.pr?.head ?? null) : null),
    tag: e.tag ?? null,
    sha: e.sha ?? null,
    before: e.before ?? null,
    author: e.author ?? null,
    commits: [...(e.commits ?? [])],
    pr: {
      number: e.pr?.number ?? null,
      title: e.pr?.title ?? null,
      base: e.pr?.base ?? null,
      head: e.pr?.head ?? null,
      action: e.pr?.action ?? null,
    },
    delivery_id: e.deliveryId ?? null,
    schedule: {
      time: e.schedule?.time ?? null,
      cron: e.schedule?.cron ?? null,
      timezone: e.schedule?.timezone ?? null,
    },
    payload: e.payload ?? null,
  };
}
