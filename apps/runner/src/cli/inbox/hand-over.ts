import { setTimeout as sleep } from 'node:timers/promises';
import { isPending } from '../../workspace/inbox.ts';
import { type LockOwner, readLockOwner } from '../../workspace/state-lock.ts';

/** How long `cancel` waits for a run to stop before saying it has not yet. */
export const STOP_WAIT_MS = 20_000;

/** The process holding the embedded database, as messages name it. */
export const holderName = (owner: LockOwner): string =>
  `process ${owner.pid} (\`arcflow ${owner.command}\`)`;

/** Waits up to `ms` for the holder to take a note; true once it has. */
export async function waitUntilTaken(note: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isPending(note) && Date.now() < deadline) await sleep(100);
  return !isPending(note);
}

/** Waits up to `ms` for process `pid` to let go of the state directory; true once it has. */
export async function waitUntilReleased(
  stateDir: string,
  pid: number,
  ms: number,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && readLockOwner(stateDir)?.pid === pid) await sleep(250);
  return readLockOwner(stateDir)?.pid !== pid;
}
