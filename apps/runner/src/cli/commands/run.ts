import { formatDiagnostic, resolveRunInputs } from '@arcflow/engine';
import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { runnerId } from '../../runs/execute-run.ts';
import { loadWorkflow } from '../../workflows/load.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { withSession } from '../../session/session.ts';
import { err } from '../output.ts';
import { followRun } from './follow.ts';

export interface RunOptions {
  workspace?: string;
  json?: boolean;
  maxParallel?: number;
  /** `--input name=value`, repeatable. */
  input?: string[];
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
  const { source, definition, diagnostics } = loadWorkflow(ref, workspaceDir);
  if (!definition) {
    for (const d of diagnostics) err(formatDiagnostic(d));
    err(
      pc.red(
        `arcflow: ${source.displayPath} is not a valid workflow; fix the problems above and run again`,
      ),
    );
    return 2;
  }
  const inputs = resolveRunInputs(definition, parseInputFlags(options.input));
  if ('errors' in inputs) {
    throw new UserError(`${inputs.errors.join('; ')} (pass inputs with --input name=value)`);
  }
  return withSession(workspaceDir, 'run', async (session) => {
    const run = await session.repo.createRun({
      workflowName: definition.name,
      workflowFile: source.absolutePath,
      workspaceDir,
      definitionYaml: source.text,
      definition,
      inputs: inputs.values,
      triggeredBy: 'cli',
      // leased from the start: a runner service sharing the database must not claim it
      lease: { owner: runnerId, ttlMs: session.env.ARCFLOW_LEASE_MS },
    });
    return followRun(session, run, 'start', options);
  });
}
