import { readFileSync } from 'node:fs';
import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { localActor } from '../../identity/actor.ts';
import { audit, workflowTarget } from '../../service/audit.ts';
import { customizeTemplate } from '../../workflows/customize.ts';
import { TEMPLATES_DIR } from '../../workflows/locations.ts';
import { displayPath } from '../../workflows/resolve.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { err, out } from '../output.ts';
import { withRunService } from '../with-run-service.ts';

/** `arcflow init <template> [--as name]`: copies a template into the workspace to change. */
export async function initCommand(
  template: string,
  options: { workspace?: string; as?: string; force?: boolean },
): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  const copied = customizeTemplate(workspaceDir, template, {
    as: options.as,
    overwrite: options.force,
  });
  out(
    `${pc.green('✓')} ${displayPath(copied.file)} ${pc.dim(`(from the ${template} template in ${displayPath(TEMPLATES_DIR)})`)}`,
  );
  const revision = await recordRevision(options.workspace, copied.name, copied.file, template);
  if (revision) out(pc.dim(`  revision ${revision}`));
  out(pc.dim(`  edit it, then: arcflow validate ${copied.name} && arcflow run ${copied.name}`));
  return 0;
}

/**
 * Records the customised workflow as a revision; its short id, or null when the database
 * cannot be used now (held by another process, unreachable): its first run records it then.
 */
async function recordRevision(
  workspace: string | undefined,
  name: string,
  file: string,
  template: string,
): Promise<string | null> {
  try {
    return await withRunService(
      workspace,
      'init',
      async (service, session) => {
        const yaml = readFileSync(file, 'utf8');
        const message = `customised from the ${template} template`;
        const actor = localActor({ client: 'cli-local' });
        const { revision } = await service.revisions.record(name, yaml, message, actor);
        await audit(session, actor, 'template.customise', workflowTarget(name), {
          template,
          revision: revision.shortId,
        });
        return revision.shortId;
      },
      { whenBusy: async () => null },
    );
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    err(pc.dim(`  (no revision recorded: ${error.message}; its first run records one)`));
    return null;
  }
}
