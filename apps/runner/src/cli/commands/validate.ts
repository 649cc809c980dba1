import { existsSync } from 'node:fs';
import { formatDiagnostic } from '@arcflow/engine';
import pc from 'picocolors';
import {
  mentionsSecrets,
  secretNamesForText,
  storedSecretNames,
} from '../../identity/secret-names.ts';
import { loadWorkflow } from '../../workflows/load.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { err, out, printJson } from '../output.ts';

export interface ValidateOptions {
  workspace?: string;
  json?: boolean;
}

/** `arcflow validate <workflow>`: exit 0 when valid, 1 when not. */
export async function validateCommand(ref: string, options: ValidateOptions): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  let loaded = loadWorkflow(ref, workspaceDir);
  // Secret names are checked only for workflows that use secrets: the others never open the database.
  if (mentionsSecrets(loaded.source.text)) {
    const known = await secretNamesInDatabase(workspaceDir, loaded.source.text);
    if (typeof known === 'string') err(pc.yellow(`note: ${known}`));
    else if (known) loaded = loadWorkflow(ref, workspaceDir, { secretNames: known });
  }
  const { source, definition, diagnostics } = loaded;
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

/**
 * The names of the secrets set for the workflow, from the workspace's database; a sentence
 * saying why they were not checked when the database cannot be opened now (another arcflow
 * process holds the embedded one, or the server is down).
 */
async function secretNamesInDatabase(
  workspaceDir: string,
  text: string,
): Promise<readonly string[] | string | undefined> {
  const [{ pgliteDataDir }, { readEnv }, { withSession }, { UserError }] = await Promise.all([
    import('@arcflow/db'),
    import('../../env.ts'),
    import('../../session/session.ts'),
    import('../../errors.ts'),
  ]);
  // A workspace that has no database yet has no secrets either.
  if (!readEnv().DATABASE_URL && !existsSync(pgliteDataDir(workspaceDir))) return [];
  try {
    return await withSession(workspaceDir, 'validate', (session) =>
      secretNamesForText(text, storedSecretNames(session.store.secrets, workspaceDir)),
    );
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return `secret names not checked: ${error.message}`;
  }
}
