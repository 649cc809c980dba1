import type { TriggerEvent } from '@arcflow/engine';
import { z } from 'zod';
import { type Adapted, defined, refNames, unsupported } from './adapted.ts';
import { malformed } from './github.ts';

/** A generic webhook (`POST /hooks/<workflow>`): the body, whatever its shape, is the payload. */
export function adaptGeneric(workflow: string, body: unknown, deliveryId: string): Adapted {
  const event: TriggerEvent = { kind: 'webhook', source: workflow, payload: body, deliveryId };
  return { outcome: 'event', event };
}

const commit = z.object({
  sha: z.string().max(64),
  message: z.string().max(10_000),
  author: z.string().max(500).optional(),
});

/** What `arcflow hooks deliver` sends to `/hooks/git`: a push, built from the repository. */
export const gitHookBody = z.object({
  ref: z.string().min(1).max(1000),
  sha: z.string().regex(/^[0-9a-f]{40,64}$/),
  before: z
    .string()
    .regex(/^[0-9a-f]{40,64}$/)
    .optional(),
  author: z.string().max(500).optional(),
  commits: z.array(commit).max(1000).default([]),
  changedFiles: z.array(z.string().max(4096)).max(100_000).optional(),
  hook: z.string().max(50).optional(),
});
export type GitHookBody = z.infer<typeof gitHookBody>;

/** The local git hook's push (or tag push) as an event with `source: 'git-hook'`. */
export function adaptGitHook(body: unknown, deliveryId: string): Adapted {
  const parsed = gitHookBody.safeParse(body);
  if (!parsed.success) return unsupported(malformed('git hook', parsed.error));
  const push = parsed.data;
  const { branch, tag } = refNames(push.ref);
  const base = {
    source: 'git-hook',
    ref: push.ref,
    sha: push.sha,
    before: push.before,
    author: push.author,
    commits: push.commits.map((c) => defined(c)),
    deliveryId,
  };
  if (tag !== undefined) return { outcome: 'event', event: defined({ kind: 'tag', tag, ...base }) };
  if (branch === undefined)
    return unsupported(`push to ${push.ref}, which is neither a branch nor a tag`);
  const event: TriggerEvent = defined({
    kind: 'push',
    branch,
    ...base,
    changedFiles: push.changedFiles,
  });
  return { outcome: 'event', event };
}
