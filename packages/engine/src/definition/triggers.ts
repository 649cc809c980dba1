import type { z } from 'zod';
import type { concurrencySchema, onSchema } from './trigger-schema.ts';
import type { ConcurrencyDefinition, PatternList, TriggerDefinitions } from './trigger-types.ts';

type OnOutput = z.output<typeof onSchema>;

/** `on:` as parsed (snake_case, nulls for empty maps) -> the definition's camelCase form. */
export function toTriggerDefinitions(on: OnOutput): TriggerDefinitions {
  const out: TriggerDefinitions = {};
  if (on.push !== undefined) {
    const push = on.push ?? {};
    out.push = compact({
      branches: push.branches,
      branchesIgnore: push.branches_ignore,
      tags: push.tags,
      tagsIgnore: push.tags_ignore,
      paths: push.paths,
      pathsIgnore: push.paths_ignore,
    });
  }
  if (on.pull_request !== undefined) {
    const pr = on.pull_request ?? {};
    out.pullRequest = compact({
      types: pr.types,
      branches: pr.branches,
      branchesIgnore: pr.branches_ignore,
      paths: pr.paths,
      pathsIgnore: pr.paths_ignore,
    });
  }
  if (on.schedule !== undefined) {
    out.schedule = on.schedule.map((entry) => ({
      cron: entry.cron.trim(),
      ...(entry.timezone === undefined ? {} : { timezone: entry.timezone }),
      catchUp: entry.catch_up ?? false,
    }));
  }
  if (on.webhook !== undefined) out.webhook = {};
  if (on.release !== undefined) out.release = compact({ tags: on.release?.tags });
  return out;
}

export function toConcurrencyDefinition(
  concurrency: z.output<typeof concurrencySchema>,
): ConcurrencyDefinition {
  if (typeof concurrency === 'string') return { group: concurrency, cancelInProgress: false };
  return { group: concurrency.group, cancelInProgress: concurrency.cancel_in_progress ?? false };
}

function compact<T extends Record<string, PatternList | readonly string[] | undefined>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
