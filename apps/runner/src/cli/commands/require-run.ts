import type { RunRecord } from '@arcflow/db';
import { UserError } from '../../errors.ts';
import type { Session } from '../../session/session.ts';

export async function requireRun(session: Session, runId: string): Promise<RunRecord> {
  const run = await session.repo.getRun(runId);
  if (!run) {
    throw new UserError(
      `no run "${runId}" in ${session.db.location}. List runs with \`arcflow runs\`` +
        (session.db.kind === 'pglite'
          ? ' (and check --workspace: each workspace keeps its own runs)'
          : ''),
    );
  }
  return run;
}
