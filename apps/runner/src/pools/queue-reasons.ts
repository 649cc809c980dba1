import type { GroupHolder, WaitingRun } from '@arcflow/db';
import { groupBusyReason } from '../service/concurrency.ts';

/** What the queue looks like, for saying why each waiting run waits. */
export interface QueueFacts {
  /** Queued runs no runner holds, oldest first. */
  waiting: readonly WaitingRun[];
  /** The active run of each concurrency group that has one. */
  holders: ReadonlyMap<string, Pick<GroupHolder, 'group' | 'runId'>>;
  /** Active runs per workspace. */
  activeCounts: ReadonlyMap<string, number>;
  /** The labels of every live runner. */
  runnerLabels: readonly (readonly string[])[];
  /** `ARCFLOW_MAX_RUNS`. */
  maxActiveRuns: number;
}

/**
 * Why each waiting run still waits, in the words the runs list shows, or null when nothing
 * holds it back (a runner takes it at its next claim). The first that applies: no live runner
 * has its labels, its concurrency group is busy, its workspace has no free slot.
 */
export function queueReasons(facts: QueueFacts): Map<string, string | null> {
  const reasons = new Map<string, string | null>();
  const firstQueuedOfGroup = new Map<string, string>();
  for (const run of facts.waiting) {
    if (run.cancelRequested) {
      // it is claimed only to end it, whatever holds the others back
      reasons.set(run.id, null);
      continue;
    }
    reasons.set(run.id, reasonFor(run, facts, firstQueuedOfGroup));
    if (run.concurrencyGroup !== null && !firstQueuedOfGroup.has(run.concurrencyGroup)) {
      firstQueuedOfGroup.set(run.concurrencyGroup, run.id);
    }
  }
  return reasons;
}

function reasonFor(
  run: WaitingRun,
  facts: QueueFacts,
  firstQueuedOfGroup: ReadonlyMap<string, string>,
): string | null {
  const { runsOn } = run;
  if (runsOn.length > 0 && !facts.runnerLabels.some((labels) => carries(labels, runsOn))) {
    return `waiting for a runner with labels ${runsOn.join(', ')}`;
  }
  const group = run.concurrencyGroup;
  if (group !== null) {
    const holder = facts.holders.get(group);
    if (holder && holder.runId !== run.id) return groupBusyReason(holder);
    const ahead = firstQueuedOfGroup.get(group);
    if (ahead) return `waiting for concurrency group ${group} (run ${ahead} is queued ahead)`;
  }
  const active = facts.activeCounts.get(run.workspaceDir) ?? 0;
  if (active >= facts.maxActiveRuns) {
    return `waiting for a free slot: ${active} of ARCFLOW_MAX_RUNS=${facts.maxActiveRuns} runs active`;
  }
  return null;
}

const carries = (labels: readonly string[], wanted: readonly string[]) =>
  wanted.every((label) => labels.includes(label));
