import { PULL_REQUEST_TYPES, type PullRequestType, type TriggerEvent } from '@arcflow/engine';
import { z } from 'zod';
import {
  type Adapted,
  defined,
  type Headers,
  isZeroSha,
  pushEvent,
  unsupported,
} from './adapted.ts';

/**
 * GitHub's webhooks (`X-GitHub-Event`) as trigger events: `push` (a branch push, or a tag
 * push by its `refs/tags/` ref), `pull_request`, `release` (published only), and `ping`,
 * which GitHub sends when the hook is created and which starts nothing. Only the fields
 * read are checked; the rest of the payload is stored with the delivery as received.
 */

const files = z.array(z.string()).optional();
const commit = z.object({
  id: z.string(),
  message: z.string().default(''),
  author: z.object({ name: z.string().optional(), username: z.string().optional() }).optional(),
  added: files,
  modified: files,
  removed: files,
});
const login = z.object({ login: z.string() });

const pushPayload = z.object({
  ref: z.string(),
  before: z.string().optional(),
  after: z.string(),
  deleted: z.boolean().optional(),
  commits: z.array(commit).default([]),
  pusher: z.object({ name: z.string().optional() }).optional(),
  sender: login.optional(),
});

const pullRequestPayload = z.object({
  action: z.string(),
  number: z.number().int(),
  pull_request: z.object({
    title: z.string(),
    base: z.object({ ref: z.string() }),
    head: z.object({ ref: z.string(), sha: z.string() }),
  }),
  sender: login.optional(),
});

const releasePayload = z.object({
  action: z.string(),
  release: z.object({ tag_name: z.string(), target_commitish: z.string().optional() }),
  sender: login.optional(),
});

export function githubEventName(headers: Headers): string {
  return headers['x-github-event'] ?? 'unknown';
}

export function adaptGithub(headers: Headers, body: unknown, deliveryId: string): Adapted {
  const name = githubEventName(headers);
  switch (name) {
    case 'ping':
      return { outcome: 'ping', reason: 'GitHub checked the hook (ping); nothing to run' };
    case 'push':
      return fromPush(body, deliveryId);
    case 'pull_request':
      return fromPullRequest(body, deliveryId);
    case 'release':
      return fromRelease(body, deliveryId);
    default:
      return unsupported(
        `GitHub event ${JSON.stringify(name)} starts nothing: Arcflow listens to push, pull_request and release`,
      );
  }
}

function fromPush(body: unknown, deliveryId: string): Adapted {
  const parsed = pushPayload.safeParse(body);
  if (!parsed.success) return unsupported(malformed('push', parsed.error));
  const push = parsed.data;
  if (push.deleted === true || isZeroSha(push.after)) {
    return unsupported(`${push.ref} was deleted; a deletion starts nothing`);
  }
  return pushEvent({
    source: 'github',
    ref: push.ref,
    before: push.before,
    after: push.after,
    author: push.pusher?.name ?? push.sender?.login,
    commits: push.commits.map((c) => ({ ...c, author: c.author?.name ?? c.author?.username })),
    deliveryId,
  });
}

function fromPullRequest(body: unknown, deliveryId: string): Adapted {
  const parsed = pullRequestPayload.safeParse(body);
  if (!parsed.success) return unsupported(malformed('pull_request', parsed.error));
  const { action, number, pull_request: pr, sender } = parsed.data;
  if (!isPullRequestType(action)) {
    return unsupported(
      `pull request #${number} was ${action}, which no on.pull_request.types can name`,
    );
  }
  const event: TriggerEvent = defined({
    kind: 'pull_request',
    source: 'github',
    ref: `refs/heads/${pr.head.ref}`,
    branch: pr.head.ref,
    sha: pr.head.sha,
    author: sender?.login,
    pr: { number, title: pr.title, base: pr.base.ref, head: pr.head.ref, action },
    deliveryId,
  });
  return { outcome: 'event', event };
}

function fromRelease(body: unknown, deliveryId: string): Adapted {
  const parsed = releasePayload.safeParse(body);
  if (!parsed.success) return unsupported(malformed('release', parsed.error));
  const { action, release, sender } = parsed.data;
  // GitHub sends created, published and released for one release: one run, on publication.
  if (action !== 'published') {
    return unsupported(
      `release ${release.tag_name} was ${action}; Arcflow runs on published releases`,
    );
  }
  const event: TriggerEvent = defined({
    kind: 'release',
    source: 'github',
    ref: `refs/tags/${release.tag_name}`,
    tag: release.tag_name,
    author: sender?.login,
    deliveryId,
  });
  return { outcome: 'event', event };
}

export function isPullRequestType(action: string): action is PullRequestType {
  return (PULL_REQUEST_TYPES as readonly string[]).includes(action);
}

/** `the push payload has no ref` — the first problem, in a few words. */
export function malformed(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const at = issue?.path.length ? issue.path.join('.') : 'the body';
  return `not a ${what} payload: ${at}: ${issue?.message ?? 'unreadable'}`;
}
