import type { PullRequestType } from '../triggers/event.ts';

/**
 * A list of glob patterns in GitHub Actions' style: `*` stays within a path segment, `**`
 * crosses them, `!pattern` excludes, and the last pattern that matches decides.
 */
export type PatternList = readonly string[];

export interface PushTrigger {
  branches?: PatternList;
  branchesIgnore?: PatternList;
  tags?: PatternList;
  tagsIgnore?: PatternList;
  paths?: PatternList;
  pathsIgnore?: PatternList;
}

export interface PullRequestTrigger {
  /** Default: opened, synchronize, reopened. */
  types?: readonly PullRequestType[];
  /** Base branches. */
  branches?: PatternList;
  branchesIgnore?: PatternList;
  paths?: PatternList;
  pathsIgnore?: PatternList;
}

export interface ScheduleTrigger {
  cron: string;
  /** IANA name; absent: UTC. */
  timezone?: string;
  /** Fire once for ticks missed while no runner was up. */
  catchUp: boolean;
}

export interface ReleaseTrigger {
  tags?: PatternList;
}

/** `on:`, validated. Manual runs need no entry: they are always allowed. */
export interface TriggerDefinitions {
  push?: PushTrigger;
  pullRequest?: PullRequestTrigger;
  schedule?: readonly ScheduleTrigger[];
  /** A generic webhook, `POST /hooks/<workflow>`. */
  webhook?: Record<string, never>;
  release?: ReleaseTrigger;
}

export interface ConcurrencyDefinition {
  /** A template, `deploy-${{ event.branch }}`; `concurrencyGroup` evaluates it. */
  group: string;
  cancelInProgress: boolean;
}
