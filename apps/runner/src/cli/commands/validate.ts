import { formatDiagnostic } from '@arcflow/engine';
import pc from 'picocolors';
import { loadWorkflow } from '../../workflows/load.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { err, out, printJson } from '../output.ts';

export interface ValidateOptions {
  workspace?: string;
  json?: boolean;
}

/** `arcflow validate <workflow>`: exit 0 when valid, 1 when not. */
export async function validateCommand(ref: string, options: ValidateOptions): Promise<number> {
  const { source, definition, diagnostics } = loadWorkflow(
    ref,
    resolveWorkspace(options.workspace),
  );
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (options.json) {
    printJson({ file: source.displayPath, valid: errors.length === 0, diagnostics });
  } else {
    for (const d of diagnostics) err(formatDiagnostic(d));
    if (definition && errors.length === 0) {
      out(
        `${pc.green('✓')} ${source.displayPath}: "${definition.name}" is valid (${definition.steps.length} steps)`,
      );
    } else {
      err(
        pc.red(
          `✗ ${source.displayPath}: ${errors.length} problem${errors.length === 1 ? '' : 's'}`,
        ),
      );
    }
  }
  return errors.length === 0 ? 0 : 1;
}
