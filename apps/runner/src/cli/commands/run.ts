import type { RunRecord } from '@arcflow/db';
import { formatDiagnostic } from '@arcflow/engine';
import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { localActor } from '../../identity/actor.ts';
import { labelsNeeded } from '../../pools/labels.ts';
import { InvalidWorkflowError } from '../../service/errors.ts';
import { type PreparedRun, prepareRun } from '../../service/prepare-run.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { err } from '../output.ts';
import { toCliError } from '../service-errors.ts';
import { withRunService } from '../with-run-service.ts';
import { followRun } from './follow.ts';

export interface RunOptions {
  workspace?: string;
  json?: boolean;
  maxParallel?: number;
  /** `--input name=value`, repeatable. */
  input?: string[];
  /** False with `--no-cache` (commander's negated option). */
  cache?: boolean;
}

function parseInputFlags(flags: string[] = []): Record<string, string> {
  const given: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UserError(`--input expects name=value, got "${flag}"`);
    given[flag.slice(0, eq).trim()] = flag.slice(eq + 1);
  }
  return given;
}

/** `arcflow run <workflow>`: exit 0 succeeded, 1 failed or canceled, 2 invalid. */
export async function runCommand(ref: string, options: RunOptions): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  let prepared: PreparedRun;
  try {
    // Before opening the database: a bad workflow or input is refused without it.
    prepared = prepareRun(workspaceDir, ref, parseInputFlags(options.input));
  } catch (error) {
    if (!(error instanceof InvalidWorkflowError)) throw toCliError(error);
    return reportInvalid(error);
  }
  const runsOn = labelsNeeded(prepared.definition);
  if (runsOn.length > 0 && options.json !== true) {
    // `arcflow run` means "here, now": runner labels choose among serving runners only.
    err(
      pc.dim(
        `arcflow run: runs_on ${runsOn.join(', ')} is for serving runners (arcflow serve --labels); this run executes here`,
      ),
    );
  }
  return withRunService(workspaceDir, 'run', async (service, session) => {
    let run: RunRecord;
    try {
      run = await service.startPrepared(prepared, 'cli', localActor({ client: 'cli-local' }), {
        ...(options.cache === false ? { noCache: true } : {}),
      });
    } catch (error) {
      // An unknown `${{ secrets.NAME }}`: known only once the database says which are set.
      if (!(error instanceof InvalidWorkflowError)) throw error;
      return reportInvalid(error);
    }
    return followRun(session, run, 'start', options);
  });
}

function reportInvalid(error: InvalidWorkflowError): number {
  for (const d of error.diagnostics) err(formatDiagnostic(d));
  err(pc.red(`arcflow: ${error.summary}; fix the problems above and run again`));
  return 2;
}
