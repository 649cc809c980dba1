import type { WorkflowTriggers } from './triggers-types';

/** One fact of a trigger: "branches" → "main, release/*". */
export interface TriggerFact {
  label: string;
  value: string;
}

const list = (patterns: readonly string[] | undefined) =>
  patterns && patterns.length > 0 ? patterns.join(', ') : null;

function facts(pairs: Array<[string, readonly string[] | undefined]>): TriggerFact[] {
  return pairs.flatMap(([label, patterns]) => {
    const value = list(patterns);
    return value ? [{ label, value }] : [];
  });
}

/** `on.push`, as facts; a push with no filter runs on every branch push. */
export function pushFacts(push: NonNullable<WorkflowTriggers['push']>): TriggerFact[] {
  const out = facts([
    ['branches', push.branches],
    ['except branches', push.branchesIgnore],
    ['tags', push.tags],
    ['except tags', push.tagsIgnore],
    ['paths', push.paths],
    ['except paths', push.pathsIgnore],
  ]);
  return out.length > 0 ? out : [{ label: 'branches', value: 'any' }];
}

/** `on.pull_request`, as facts (GitHub's default types when none are named). */
export function pullRequestFacts(pr: NonNullable<WorkflowTriggers['pullRequest']>): TriggerFact[] {
  return [
    { label: 'types', value: list(pr.types) ?? 'opened, synchronize, reopened' },
    ...facts([
      ['into', pr.branches],
      ['except into', pr.branchesIgnore],
      ['paths', pr.paths],
      ['except paths', pr.pathsIgnore],
    ]),
  ];
}

/** How many kinds of trigger the workflow has (the toolbar's count); manual runs always work. */
export function triggerCount(triggers: WorkflowTriggers): number {
  return (
    (triggers.push ? 1 : 0) +
    (triggers.pullRequest ? 1 : 0) +
    (triggers.release ? 1 : 0) +
    (triggers.webhook ? 1 : 0) +
    triggers.schedules.length
  );
}

/** A fire time as people in `timeZone` read it: "Mon 7 Dec, 03:00". */
export function fireTimeIn(iso: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/** The webhook's full address on the runner the app talks to. */
export function webhookUrl(apiUrl: string, path: string): string {
  return `${apiUrl.replace(/\/+$/, '')}${path}`;
}
