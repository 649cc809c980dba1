import type { RunSummary } from '@/lib/api-types';

/** What started a run, as the runs list and the run page carry it (null: started without an event). */
export type RunTrigger = RunSummary['trigger'];

/** The short line under a run's status: "#2 in line" (1 is claimed next). */
export function queueLabel(position: number | null | undefined): string | null {
  if (position === null || position === undefined) return null;
  return position === 1 ? 'next in line' : `#${position} in line`;
}

const shortSha = (sha: string | null) => (sha ? sha.slice(0, 7) : null);

/** A schedule's fire time, the same for every viewer: "2026-12-02 02:00 UTC". */
function fireTimeUtc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const THROUGH: Record<string, string> = {
  api: 'by hand, web / API',
  cli: 'by hand, terminal',
};

/**
 * The runs list's "Trigger" cell: what started the run in a few words ("push to main by
 * Ada", "schedule 0 3 * * 1-5", "webhook from grafana", "by hand") and a longer title.
 */
export function triggerLabel(
  trigger: RunTrigger,
  triggeredBy: string | null,
): { label: string; title: string } {
  if (!trigger) {
    const through = triggeredBy ? THROUGH[triggeredBy] : undefined;
    return {
      label: 'by hand',
      title: through ? `Started ${through}` : `Started by hand (${triggeredBy ?? 'unknown'})`,
    };
  }
  const by = trigger.author ? ` by ${trigger.author}` : '';
  const title = trigger.text;
  switch (trigger.kind) {
    case 'push':
      return { label: `push to ${trigger.branch ?? trigger.ref ?? 'a branch'}${by}`, title };
    case 'tag':
      return { label: `tag ${trigger.tag ?? trigger.ref ?? ''}${by}`.trim(), title };
    case 'release':
      return { label: `release ${trigger.tag ?? ''}${by}`.replace('  ', ' '), title };
    case 'pull_request':
      return {
        label: trigger.pr
          ? `PR #${trigger.pr.number} into ${trigger.pr.base}${by}`
          : `pull request${by}`,
        title,
      };
    case 'schedule':
      return { label: trigger.schedule ? `schedule ${trigger.schedule.cron}` : 'schedule', title };
    case 'webhook':
      return { label: trigger.source ? `webhook from ${trigger.source}` : 'webhook', title };
    case 'manual':
      return { label: `by hand${by}`, title };
    default: {
      const kind: never = trigger.kind;
      return { label: String(kind), title };
    }
  }
}

/** The facts beside the inciting incident: "main · 0123abc" for a push, the tag, the PR. */
export function incidentFacts(trigger: NonNullable<RunTrigger>): string[] {
  const facts: string[] = [];
  if (trigger.pr)
    facts.push(`#${trigger.pr.number} ${trigger.pr.base} ← ${trigger.branch ?? ''}`.trim());
  else if (trigger.branch) facts.push(trigger.branch);
  if (trigger.tag) facts.push(trigger.tag);
  const sha = shortSha(trigger.sha);
  if (sha) facts.push(sha);
  if (trigger.schedule) facts.push(fireTimeUtc(trigger.schedule.time));
  if (trigger.source && trigger.kind !== 'webhook') facts.push(`via ${trigger.source}`);
  return facts;
}
