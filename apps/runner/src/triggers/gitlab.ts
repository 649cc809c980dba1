import type { PullRequestType, TriggerEvent } from '@arcflow/engine';
import { z } from 'zod';
import {
  type Adapted,
  defined,
  type Headers,
  isZeroSha,
  pushEvent,
  unsupported,
} from './adapted.ts';
import { malformed } from './github.ts';

/**
 * GitLab's webhooks (`X-Gitlab-Event`): Push Hook, Tag Push Hook and Merge Request Hook, the
 * last as a `pull_request` event whose action is GitHub's activity type (so one
 * `on.pull_request.types` list serves both).
 */

const files = z.array(z.string()).optional();
const pushPayload = z.object({
  ref: z.string(),
  before: z.string().optional(),
  after: z.string(),
  user_name: z.string().optional(),
  user_username: z.string().optional(),
  commits: z
    .array(
      z.object({
        id: z.string(),
        message: z.string().default(''),
        author: z.object({ name: z.string().optional() }).optional(),
        added: files,
        modified: files,
        removed: files,
      }),
    )
    .default([]),
});

const mergeRequestPayload = z.object({
  user: z.object({ username: z.string().optional(), name: z.string().optional() }).optional(),
  object_attributes: z.object({
    iid: z.number().int(),
    title: z.string(),
    source_branch: z.string(),
    target_branch: z.string(),
    action: z.string().optional(),
    oldrev: z.string().optional(),
    last_commit: z.object({ id: z.string() }).optional(),
  }),
});

/** GitLab's merge request actions as GitHub's pull request activity types. */
function pullRequestAction(
  action: string,
  oldrev: string | undefined,
): PullRequestType | undefined {
  switch (action) {
    case 'open':
      return 'opened';
    case 'reopen':
      return 'reopened';
    case 'close':
    case 'merge':
      return 'closed';
    case 'update':
      // An update with `oldrev` brought new commits; without, it changed the title, labels, …
      return oldrev === undefined ? 'edited' : 'synchronize';
    default:
      return undefined;
  }
}

export function gitlabEventName(headers: Headers): string {
  return headers['x-gitlab-event'] ?? 'unknown';
}

export function adaptGitlab(headers: Headers, body: unknown, deliveryId: string): Adapted {
  const name = gitlabEventName(headers);
  switch (name) {
    case 'Push Hook':
    case 'Tag Push Hook':
      return fromPush(body, deliveryId);
    case 'Merge Request Hook':
      return fromMergeRequest(body, deliveryId);
    default:
      return unsupported(
        `GitLab event ${JSON.stringify(name)} starts nothing: Arcflow listens to Push Hook, Tag Push Hook and Merge Request Hook`,
      );
  }
}

function fromPush(body: unknown, deliveryId: string): Adapted {
  const parsed = pushPayload.safeParse(body);
  if (!parsed.success) return unsupported(malformed('GitLab push', parsed.error));
  const push = parsed.data;
  if (isZeroSha(push.after))
    return unsupported(`${push.ref} was deleted; a deletion starts nothing`);
  return pushEvent({
    source: 'gitlab',
    ref: push.ref,
    before: push.before,
    after: push.after,
    author: push.user_name ?? push.user_username,
    commits: push.commits.map((c) => ({ ...c, author: c.author?.name })),
    deliveryId,
  });
}

function fromMergeRequest(body: unknown, deliveryId: string): Adapted {
  const parsed = mergeRequestPayload.safeParse(body);
  if (!parsed.success) return unsupported(malformed('GitLab merge request', parsed.error));
  const { user, object_attributes: mr } = parsed.data;
  const action = pullRequestAction(mr.action ?? '', mr.oldrev);
  if (action === undefined) {
    return unsupported(
      `merge request !${mr.iid}: GitLab action ${JSON.stringify(mr.action ?? '')} starts nothing (open, update, reopen, close and merge do)`,
    );
  }
  const event: TriggerEvent = defined({
    kind: 'pull_request',
    source: 'gitlab',
    ref: `refs/heads/${mr.source_branch}`,
    branch: mr.source_branch,
    sha: mr.last_commit?.id,
    author: user?.username ?? user?.name,
    pr: {
      number: mr.iid,
      title: mr.title,
      base: mr.target_branch,
      head: mr.source_branch,
      action,
    },
    deliveryId,
  });
  return { outcome: 'event', event };
}
