import { createHash } from 'node:crypto';
import type { DeliverySource } from '@arcflow/db';
import type { Adapted, Headers } from './adapted.ts';
import { adaptGeneric, adaptGitHook } from './generic.ts';
import { adaptGithub, githubEventName } from './github.ts';
import { adaptGitlab, gitlabEventName } from './gitlab.ts';

/** The sources that arrive over HTTP (`schedule` is the cron loop's). */
export type HookSource = Exclude<DeliverySource, 'schedule'>;

/** Where a delivery goes: a source, and for a generic webhook the workflow it names. */
export type HookTarget =
  | { source: 'github' | 'gitlab' | 'git-hook' }
  | { source: 'generic'; workflow: string };

/** The header each source names its delivery id in, first found wins. */
const DELIVERY_ID_HEADERS: Record<HookSource, readonly string[]> = {
  github: ['x-github-delivery'],
  // GitLab keeps Idempotency-Key across retries; the event UUID may change.
  gitlab: ['idempotency-key', 'x-gitlab-event-uuid'],
  generic: ['x-arcflow-delivery', 'x-request-id', 'x-github-delivery'],
  'git-hook': ['x-arcflow-delivery'],
};

const MAX_ID_CHARS = 200;
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * The sender's delivery id, by which a repeated delivery is recognised. Without one (or with
 * one that is not a short printable token) the body's sha256 stands in: the same body sent
 * twice is then one delivery. A generic webhook's id is stored under its workflow
 * (`<workflow>/<id>`), so two workflows never share ids.
 */
export function deliveryIdOf(target: HookTarget, headers: Headers, body: Buffer): string {
  const given = DELIVERY_ID_HEADERS[target.source]
    .map((name) => headers[name]?.trim())
    .find((id) => id !== undefined && id !== '');
  const id =
    given !== undefined && given.length <= MAX_ID_CHARS && PRINTABLE.test(given)
      ? given
      : `sha256-${createHash('sha256')
          .update(given ?? body)
          .digest('hex')}`;
  return target.source === 'generic' ? `${target.workflow}/${id}` : id;
}

/** The id a run's event carries: the sender's, without the workflow a generic one is stored under. */
export function eventDeliveryId(target: HookTarget, storedId: string): string {
  const prefix = target.source === 'generic' ? `${target.workflow}/` : '';
  return storedId.startsWith(prefix) ? storedId.slice(prefix.length) : storedId;
}

/** What the sender says the delivery is, before it is understood (for refused deliveries). */
export function announcedKind(target: HookTarget, headers: Headers): string {
  switch (target.source) {
    case 'github':
      return githubEventName(headers);
    case 'gitlab':
      return gitlabEventName(headers);
    case 'generic':
      return 'webhook';
    case 'git-hook':
      return 'push';
    default: {
      const never: never = target;
      return String(never);
    }
  }
}

/** The delivery's parsed body as the source's adapter understands it. */
export function adapt(
  target: HookTarget,
  headers: Headers,
  body: unknown,
  deliveryId: string,
): Adapted {
  switch (target.source) {
    case 'github':
      return adaptGithub(headers, body, deliveryId);
    case 'gitlab':
      return adaptGitlab(headers, body, deliveryId);
    case 'generic':
      return adaptGeneric(target.workflow, body, deliveryId);
    case 'git-hook':
      return adaptGitHook(body, deliveryId);
    default: {
      const never: never = target;
      return { outcome: 'unsupported', reason: `unknown source ${String(never)}` };
    }
  }
}
