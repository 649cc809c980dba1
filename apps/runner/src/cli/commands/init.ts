import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { TEMPLATES_DIR, workspaceWorkflowsDir } from '../../workflows/locations.ts';
import { displayPath, listWorkflowCandidates } from '../../workflows/resolve.ts';
import { resolveWorkspace } from '../../workspace/workspace.ts';
import { out } from '../output.ts';

const NAME = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/** `arcflow init <template> [--as name]`: copies a template into the workspace to change. */
export async function initCommand(
  template: string,
  options: { workspace?: string; as?: string; force?: boolean },
): Promise<number> {
  const workspaceDir = resolveWorkspace(options.workspace);
  const candidate = listWorkflowCandidates(workspaceDir, { templatesOnly: true }).find(
    (c) => c.name === template,
  );
  if (!candidate) {
    const names = listWorkflowCandidates(workspaceDir, { templatesOnly: true }).map((c) => c.name);
    throw new UserError(`no template named "${template}"; templates: ${names.join(', ')}`);
  }
  const name = options.as ?? template;
  if (!NAME.test(name)) {
    throw new UserError(
      `"${name}" is not a workflow name: use lowercase letters, digits, - and _ (at most 100)`,
    );
  }
  const dir = workspaceWorkflowsDir(workspaceDir);
  const target = join(dir, `${name}.yaml`);
  if (existsSync(target) && !options.force) {
    throw new UserError(
      `${displayPath(target)} already exists; pass --force to overwrite it or --as to choose another name`,
    );
  }
  mkdirSync(dir, { recursive: true });
  if (name === template) {
    copyFileSync(candidate.path, target);
  } else {
    const text = readFileSync(candidate.path, 'utf8');
    writeFileSync(target, text.replace(/^name:\s*.*$/m, `name: ${name}`));
  }
  out(
    `${pc.green('✓')} ${displayPath(target)} ${pc.dim(`(from the ${template} template in ${displayPath(TEMPLATES_DIR)})`)}`,
  );
  out(pc.dim(`  edit it, then: arcflow validate ${name} && arcflow run ${name}`));
  return 0;
}
