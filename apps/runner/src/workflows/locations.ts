import { join, resolve } from 'node:path';

/** The built-in templates shipped in the repository's `templates/` folder. */
export const TEMPLATES_DIR = resolve(import.meta.dirname, '../../../../templates');

export const workspaceWorkflowsDir = (workspaceDir: string): string =>
  join(workspaceDir, '.mia', 'workflows');

export const workspaceStateDir = (workspaceDir: string): string =>
  join(workspaceDir, '.mia', 'state');
