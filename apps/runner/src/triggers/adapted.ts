import type { TriggerEvent } from '@arcflow/engine';

/**
 * What an adapter makes of a delivery: the normalized event, a check that starts nothing
 * (GitHub's `ping`), or a reason it is not an event Arcflow acts on (a branch deletion, a
 * pull request being labeled, an event type it does not know).
 */
export type Adapted =
  | { outcome: 'event'; event: TriggerEvent }
  | { outcome: 'ping'; reason: string }
  | { outcome: 'unsupported'; reason: string };

export const unsupported = (reason: string): Adapted => ({ outcome: 'unsupported', reason });

/** Headers by lower-case name, one string each (the intake flattens Node's). */
export type Headers = Readonly<Record<string, string>>;

/** A branch or tag name from a full ref: `refs/heads/main` → `{ branch: 'main' }`. */
export function refNames(ref: string): { branch?: string; tag?: string } {
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { tag: ref.slice('refs/tags/'.length) };
  return {};
}

/** Files named by a push's commits (added, modified or removed), each once, in first-seen order. */
export function filesOfCommits(
  commits: readonly {
    added?: readonly string[] | undefined;
    modified?: readonly string[] | undefined;
    removed?: readonly string[] | undefined;
  }[],
): string[] {
  const files = new Set<string>();
  for (const commit of commits) {
    for (const file of [
      ...(commit.added ?? []),
      ...(commit.modified ?? []),
      ...(commit.removed ?? []),
    ]) {
      files.add(file);
    }
  }
  return [...files];
}

/** Git's all-zero object id: the `before` of a new branch, the `after` of a deleted one. */
export const isZeroSha = (sha: string | undefined): boolean =>
  sha !== undefined && /^0+$/.test(sha);

/** Drops the keys whose value is undefined (`exactOptionalPropertyTypes`-friendly events). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** What GitHub and GitLab both say of a push, once their payloads are read. */
export interface PushFacts {
  source: 'github' | 'gitlab';
  ref: string;
  before: string | undefined;
  after: string;
  author: string | undefined;
  commits: readonly {
    id: string;
    message: string;
    author: string | undefined;
    added?: readonly string[] | undefined;
    modified?: readonly string[] | undefined;
    removed?: readonly string[] | undefined;
  }[];
  deliveryId: string;
}

/**
 * A push as a trigger event: a tag push is a `tag` event, a branch push a `push` event with
 * the files its commits changed; any other ref starts nothing. The caller has already refused
 * deletions.
 */
export function pushEvent(push: PushFacts): Adapted {
  const { branch, tag } = refNames(push.ref);
  const base = {
    source: push.source,
    ref: push.ref,
    sha: push.after,
    before: isZeroSha(push.before) ? undefined : push.before,
    author: push.author,
    commits: push.commits.map((c) => defined({ sha: c.id, message: c.message, author: c.author })),
    deliveryId: push.deliveryId,
  };
  if (tag !== undefined) return { outcome: 'event', event: defined({ kind: 'tag', tag, ...base }) };
  if (branch === undefined)
    return unsupported(`push to ${push.ref}, which is neither a branch nor a tag`);
  const event: TriggerEvent = defined({
    kind: 'push',
    branch,
    ...base,
    changedFiles: filesOfCommits(push.commits),
  });
  return { outcome: 'event', event };
}
