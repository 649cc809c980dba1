import type { GroupHolder, RunRecord } from '@arcflow/db';
import type { TriggerEvent } from '@arcflow/engine';
import type { Actor } from '../identity/actor.ts';
import type { Session } from '../session/session.ts';
import { audit, runTarget } from './audit.ts';

/** The queued reason of a run whose concurrency group is held by another run. */
export function groupBusyReason(holder: Pick<GroupHolder, 'group' | 'runId'>): string {
  return `waiting for concurrency group ${holder.group} (run ${holder.runId} is active)`;
}

/** The active run holding `group`, if any. */
export async function groupHolder(
  session: Session,
  group: string,
): Promise<GroupHolder | undefined> {
  return (await session.store.queue.groupHolders([group])).get(group);
}

/**
 * `concurrency.cancel_in_progress`: asks every older run of the new run's group that has not
 * ended to stop, recording the new run and its event so the story says what replaced it.
 * The new run is claimed once they have ended (the claim keeps one active run per group).
 * Returns the runs asked to stop.
 */
export async function supersedeOlderRuns(
  session: Session,
  run: RunRecord,
  event: TriggerEvent,
  actor: Actor,
): Promise<string[]> {
  const group = run.concurrencyGroup;
  if (group === null) return [];
  const older = await session.store.queue.unfinishedInGroup(group, run.id);
  const stopped: string[] = [];
  for (const id of older) {
    const supersededBy = { runId: run.id, event: event as unknown as Record<string, unknown> };
    if (!(await session.store.runs.requestCancel(id, new Date(), supersededBy))) continue;
    stopped.push(id);
    await audit(session, actor, 'run.cancel', runTarget(id), {
      supersededBy: run.id,
      group,
    });
  }
  return stopped;
}
