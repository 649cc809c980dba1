import pc from 'picocolors';
import { customizeTemplate } from '../../workflows/customize.ts';
import { TEMPLATES_DIR } from '../../workflows/locations.ts';
import { displayPath } from '../../workflows/resolve.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { out } from '../output.ts';

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
  out(pc.dim(`  edit it, then: arcflow validate ${copied.name} && arcflow run ${copied.name}`));
  return 0;
}
