import type {
  PatternList,
  PullRequestTrigger,
  PushTrigger,
  TriggerDefinitions,
} from '../definition/trigger-types.ts';
import { DEFAULT_PULL_REQUEST_TYPES, type TriggerEvent } from './event.ts';
import { includedBy } from './globs.ts';

export type TriggerMatch = { matches: true } | { matches: false; reason: string };

const yes: TriggerMatch = { matches: true };
const no = (reason: string): TriggerMatch => ({ matches: false, reason });

/**
 * Whether `event` starts a run of a workflow whose `on:` is `on` (undefined: no `on:`), and
 * if not, why, in a sentence for the Deliveries page. Manual runs always match.
 */
export function matchTrigger(
  on: TriggerDefinitions | undefined,
  event: TriggerEvent,
): TriggerMatch {
  if (event.kind === 'manual') return yes;
  if (on === undefined) return no('the workflow has no on: triggers; it runs only by hand');
  switch (event.kind) {
    case 'push':
      if (on.push === undefined) return no('the workflow does not listen to pushes (on.push)');
      return matchPush(on.push, event);
    case 'tag':
      if (on.push === undefined) return no('the workflow does not listen to pushes (on.push)');
      return matchTagPush(on.push, event);
    case 'pull_request':
      if (on.pullRequest === undefined) {
        return no('the workflow does not listen to pull requests (on.pull_request)');
      }
      return matchPullRequest(on.pullRequest, event);
    case 'release': {
      if (on.release === undefined)
        return no('the workflow does not listen to releases (on.release)');
      const tags = on.release.tags;
      if (tags === undefined) return yes;
      return matchName('tag', event.tag, tags, undefined, 'on.release.tags');
    }
    case 'schedule': {
      const cron = event.schedule?.cron;
      const entries = on.schedule ?? [];
      if (entries.length === 0) return no('the workflow has no schedule (on.schedule)');
      if (cron !== undefined && !entries.some((entry) => entry.cron === cron.trim())) {
        return no(`the workflow's schedule has no cron "${cron}"`);
      }
      return yes;
    }
    case 'webhook':
      return on.webhook === undefined
        ? no('the workflow does not listen to webhooks (on.webhook)')
        : yes;
    default: {
      const _never: never = event.kind;
      return no(`unknown event kind ${String(_never)}`);
    }
  }
}

function matchPush(push: PushTrigger, event: TriggerEvent): TriggerMatch {
  const filtersTags = push.tags !== undefined || push.tagsIgnore !== undefined;
  const filtersBranches = push.branches !== undefined || push.branchesIgnore !== undefined;
  if (filtersTags && !filtersBranches) {
    return no('on.push filters tags only, and this is a push to a branch');
  }
  const branch = matchName(
    'branch',
    event.branch,
    push.branches,
    push.branchesIgnore,
    'on.push.branches',
  );
  if (!branch.matches) return branch;
  return matchPaths(event, push.paths, push.pathsIgnore, 'on.push');
}

function matchTagPush(push: PushTrigger, event: TriggerEvent): TriggerMatch {
  const filtersTags = push.tags !== undefined || push.tagsIgnore !== undefined;
  const filtersBranches = push.branches !== undefined || push.branchesIgnore !== undefined;
  if (filtersBranches && !filtersTags) {
    return no('on.push filters branches only, and this is a tag push');
  }
  // As in GitHub Actions, path filters do not apply to tag pushes.
  return matchName('tag', event.tag, push.tags, push.tagsIgnore, 'on.push.tags');
}

function matchPullRequest(pr: PullRequestTrigger, event: TriggerEvent): TriggerMatch {
  const action = event.pr?.action;
  const types = pr.types ?? DEFAULT_PULL_REQUEST_TYPES;
  if (action === undefined || !types.includes(action)) {
    return no(
      `the pull request was ${action ?? 'changed'}; on.pull_request.types is ${types.join(', ')}`,
    );
  }
  const base = matchName(
    'base branch',
    event.pr?.base,
    pr.branches,
    pr.branchesIgnore,
    'on.pull_request.branches',
  );
  if (!base.matches) return base;
  return matchPaths(event, pr.paths, pr.pathsIgnore, 'on.pull_request');
}

function matchName(
  what: string,
  value: string | undefined,
  include: PatternList | undefined,
  ignore: PatternList | undefined,
  label: string,
): TriggerMatch {
  if (include === undefined && ignore === undefined) return yes;
  if (value === undefined) return no(`the event names no ${what}, and ${label} filters it`);
  if (include !== undefined && !includedBy(include, value)) {
    return no(`${what} ${value} does not match ${label} ${include.join(', ')}`);
  }
  if (ignore !== undefined && includedBy(ignore, value)) {
    return no(`${what} ${value} matches ${label.replace(/s$/, 's_ignore')} ${ignore.join(', ')}`);
  }
  return yes;
}

function matchPaths(
  event: TriggerEvent,
  paths: PatternList | undefined,
  pathsIgnore: PatternList | undefined,
  label: string,
): TriggerMatch {
  if (paths === undefined && pathsIgnore === undefined) return yes;
  const files = event.changedFiles;
  if (files === undefined) {
    return no(`${label} filters paths, and the event does not say which files changed`);
  }
  if (paths !== undefined && !files.some((file) => includedBy(paths, file))) {
    return no(`no changed file matches paths ${paths.join(', ')}`);
  }
  if (pathsIgnore !== undefined && files.every((file) => includedBy(pathsIgnore, file))) {
    return no(`every changed file matches paths_ignore ${pathsIgnore.join(', ')}`);
  }
  return yes;
}
