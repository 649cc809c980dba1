import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { expandGlobs, hasGlob } from '@arcflow/actions';
import { cacheInputProblem } from '@arcflow/engine';

/** Arcflow's own directory (workflows, state, the cache itself) is never a step's input. */
const ARCFLOW_DIR = '.mia/';

/**
 * The workspace files `patterns` match (`!pattern` leaves files out; `node_modules` and `.git`
 * only when a pattern names them; a directory stands for every file under it), each with the
 * sha256 of its content, sorted by path.
 */
export async function hashInputFiles(
  workspaceDir: string,
  patterns: readonly string[],
): Promise<Array<{ path: string; sha256: string }>> {
  for (const pattern of patterns) {
    const problem = cacheInputProblem(pattern);
    if (problem !== undefined) throw new Error(`cache.inputs: ${problem}`);
  }
  const expanded = await Promise.all(
    patterns.map((pattern) => directoryAsGlob(workspaceDir, pattern)),
  );
  const paths = (await expandGlobs(workspaceDir, expanded)).filter(
    (path) => !path.startsWith(ARCFLOW_DIR),
  );
  const files: Array<{ path: string; sha256: string }> = [];
  for (const path of paths) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(join(workspaceDir, path)), hash);
    files.push({ path, sha256: hash.digest('hex') });
  }
  return files;
}

async function directoryAsGlob(workspaceDir: string, pattern: string): Promise<string> {
  if (pattern.startsWith('!') || hasGlob(pattern)) return pattern;
  const found = await stat(join(workspaceDir, pattern)).catch(() => undefined);
  return found?.isDirectory() ? `${pattern.replace(/\/+$/, '')}/**` : pattern;
}
