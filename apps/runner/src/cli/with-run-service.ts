import { runnerId } from '../runs/execute-run.ts';
import { RunService } from '../service/run-service.ts';
import { openSession, type Session } from '../session/session.ts';
import { StateBusyError } from '../workspace/state-lock.ts';
import { toCliError } from './service-errors.ts';

export interface WithRunServiceOptions<T> {
  /**
   * The embedded database is held by another arcflow process: what to do instead (hand the
   * request over through the workspace's inbox). Without it, the busy error is reported.
   */
  whenBusy?: (busy: StateBusyError) => Promise<T>;
}

/**
 * Opens the workspace's session for one command and gives it a run service that executes
 * runs in this process; service errors come out in the CLI's words, and the session is
 * closed afterwards.
 */
export async function withRunService<T>(
  workspaceDir: string | undefined,
  command: string,
  use: (service: RunService, session: Session) => Promise<T>,
  options: WithRunServiceOptions<T> = {},
): Promise<T> {
  let session: Session;
  try {
    session = await openSession(workspaceDir, command);
  } catch (error) {
    if (options.whenBusy && error instanceof StateBusyError) return options.whenBusy(error);
    throw error;
  }
  try {
    return await use(new RunService(session, { by: 'this-process', runnerId }), session);
  } catch (error) {
    throw toCliError(error, session.db);
  } finally {
    await session.close();
  }
}
