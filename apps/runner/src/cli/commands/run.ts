import { formatDiagnostic } from '@arcflow/engine';
import pc from 'picocolors';
import { loadWorkflow } from '../../workflows/load.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { withSession } from '../context.ts';
import { err } from '../output.ts';
import { followRun } from './follow.ts';

export interface RunOptions {
  workspace?: string;
  json?: boolean;
  maxParallel?: number;
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
  return withSession(workspaceDir, 'run', async (session) => {
    const run = await session.repo.createRun({
      workflowName: definition.name,
      workflowFile: source.absolutePath,
      workspaceDir,
      definitionYaml: source.text,
      definition,
      triggeredBy: 'cli',
    });
    return followRun(session, run, 'start', options);
  });
}
