import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { builtinActionSpecs, parseWorkflow } from '@arcflow/engine';
import pc from 'picocolors';
import { displayPath, listWorkflowCandidates } from '../../workflows/resolve.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { out, printJson } from '../output.ts';

/** `arcflow workflows`: what this workspace can run, and whether each is valid. */
export async function workflowsCommand(options: {
  workspace?: string;
  json?: boolean;
}): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  const rows = listWorkflowCandidates(workspaceDir).map((candidate) => {
    const file = displayPath(candidate.path);
    const { definition, diagnostics } = parseWorkflow(readFileSync(candidate.path, 'utf8'), {
      file,
      actions: builtinActionSpecs,
    });
    return {
      name: candidate.name ?? basename(candidate.path, extname(candidate.path)),
      origin: candidate.origin,
      file,
      valid: diagnostics.every((d) => d.severity !== 'error'),
      problems: diagnostics.filter((d) => d.severity === 'error').length,
      steps: definition?.steps.length ?? null,
      narrative: definition?.narrative ?? null,
    };
  });
  if (options.json) {
    printJson(rows);
    return 0;
  }
  if (rows.length === 0) {
    out('No workflows yet. Put one in .mia/workflows/<name>.yaml.');
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) {
    const validity = row.valid ? pc.green('valid') : pc.red(`${row.problems} problem(s)`);
    const steps = row.steps === null ? '' : pc.dim(`${row.steps} steps`);
    out(
      `${row.name.padEnd(width)}  ${pc.dim(row.origin.padEnd(9))}  ${validity}  ${steps}  ${pc.dim(row.file)}`,
    );
    if (row.narrative) out(`${' '.repeat(width)}  ${pc.italic(row.narrative)}`);
  }
  return 0;
}
