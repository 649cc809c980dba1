import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { workspaceWorkflowsDir } from './locations.ts';
import { displayPath, listWorkflowCandidates } from './resolve.ts';

const NAME = /^[a-z0-9][a-z0-9_-]{0,99}$/;

export interface CustomizeOptions {
  /** The new workflow's name (default: the template's). */
  as?: string;
  /** Replace an existing workspace workflow of that name. */
  overwrite?: boolean;
}

/**
 * Copies a built-in template into `<workspace>/.mia/workflows/<name>.yaml` so the workspace
 * can change it (renaming its `name:` when `as` is given). Throws `UserError` for an unknown
 * template, a bad name, or an existing file without `overwrite`.
 */
export function customizeTemplate(
  workspaceDir: string,
  template: string,
  options: CustomizeOptions = {},
): { name: string; file: string; template: string; templateFile: string } {
  const templates = listWorkflowCandidates(workspaceDir, { templatesOnly: true });
  const candidate = templates.find((c) => c.name === template);
  if (!candidate) {
    const names = templates.map((c) => c.name).filter(Boolean);
    throw new UserError(`no template named "${template}"; templates: ${names.join(', ')}`);
  }
  const name = options.as ?? template;
  if (!NAME.test(name)) {
    throw new UserError(
      `"${name}" is not a workflow name: use lowercase letters, digits, - and _ (at most 100)`,
    );
  }
  const dir = workspaceWorkflowsDir(workspaceDir);
  const file = join(dir, `${name}.yaml`);
  if (existsSync(file) && !options.overwrite) {
    throw new UserError(`${displayPath(file)} already exists; overwrite it or choose another name`);
  }
  const text = readFileSync(candidate.path, 'utf8');
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(file, name === template ? text : text.replace(/^name:\s*.*$/m, `name: ${name}`));
  return { name, file, template, templateFile: candidate.path };
}

/** Writes through a temporary file and a rename, so readers never see half a file. */
export function writeFileAtomic(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
