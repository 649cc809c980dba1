import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { findExcessNesting, MAX_NESTING_DEPTH } from '@arcflow/engine';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.ts';
import { TEMPLATES_DIR, workspaceWorkflowsDir } from './locations.ts';

export interface WorkflowSource {
  /** The path shown in diagnostics: relative to the current directory when shorter. */
  displayPath: string;
  absolutePath: string;
  text: string;
  origin: 'file' | 'workspace' | 'template';
}

interface Candidate {
  path: string;
  name: string | undefined;
  origin: 'workspace' | 'template';
}

const isYaml = (file: string) => ['.yaml', '.yml'].includes(extname(file));

function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || isYaml(ref);
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}

/** The `name:` of a workflow file, read cheaply; undefined when the file is not valid YAML. */
function declaredName(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    // Too deep to be valid, and `yaml` would take seconds to say so on every listing.
    if (findExcessNesting(text, MAX_NESTING_DEPTH) !== undefined) return undefined;
    const doc = parseYaml(text, { maxAliasCount: 0 }) as unknown;
    const name = (doc as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

function candidatesIn(dir: string, origin: Candidate['origin']): Candidate[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isYaml)
    .sort()
    .map((file) => {
      const path = join(dir, file);
      return { path, name: declaredName(path), origin };
    });
}

/** Every workflow the workspace can run: its own first, then templates it does not override. */
export function listWorkflowCandidates(
  workspaceDir: string,
  options: { templatesOnly?: boolean } = {},
): Candidate[] {
  if (options.templatesOnly) return candidatesIn(TEMPLATES_DIR, 'template');
  const own = candidatesIn(workspaceWorkflowsDir(workspaceDir), 'workspace');
  const ownNames = new Set(own.map((c) => c.name ?? basename(c.path, extname(c.path))));
  const templates = candidatesIn(TEMPLATES_DIR, 'template').filter(
    (c) => !ownNames.has(c.name ?? basename(c.path, extname(c.path))),
  );
  return [...own, ...templates];
}

function readSource(path: string, origin: WorkflowSource['origin']): WorkflowSource {
  if (!statSync(path).isFile()) throw new UserError(`${displayPath(path)} is not a file`);
  return {
    absolutePath: path,
    displayPath: displayPath(path),
    text: readFileSync(path, 'utf8'),
    origin,
  };
}

/**
 * Finds a workflow by file path, or by name in `<workspace>/.mia/workflows/` and then the
 * built-in templates (a workspace workflow overrides a template of the same name).
 */
export function resolveWorkflow(ref: string, workspaceDir: string): WorkflowSource {
  if (looksLikePath(ref)) {
    const path = resolve(ref);
    if (!existsSync(path)) throw new UserError(`workflow file not found: ${ref}`);
    return readSource(path, 'file');
  }
  const candidates = listWorkflowCandidates(workspaceDir);
  const match =
    candidates.find((c) => c.name === ref) ??
    candidates.find((c) => basename(c.path, extname(c.path)) === ref);
  if (match) return readSource(match.path, match.origin);
  const known = [...new Set(candidates.map((c) => c.name ?? basename(c.path, extname(c.path))))];
  throw new UserError(
    `no workflow named "${ref}" in ${displayPath(workspaceWorkflowsDir(workspaceDir))} or the built-in templates` +
      (known.length ? `; available: ${known.join(', ')}` : '') +
      '. Pass a file path to run a file directly.',
  );
}
