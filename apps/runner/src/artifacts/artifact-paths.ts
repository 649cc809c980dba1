import { isAbsolute, relative, resolve, sep } from 'node:path';

/** How long artifacts are kept when the workflow does not say (`artifact_retention`). */
export const DEFAULT_ARTIFACT_RETENTION_MS = 30 * 86_400_000;

/** Where every blob of a run's artifacts is: deleting the run deletes this prefix. */
export const runArtifactsPrefix = (runId: string): string => `runs/${runId}/`;

/**
 * The blob key of one captured file: `runs/<run>/<step>/<attempt>/<path>`, the path's
 * segments escaped into the keys' safe characters (`=XX` per byte outside them, and a
 * leading `.` or `-`), so any file name maps to one key and back to nothing else.
 */
export function artifactKey(runId: string, stepId: string, attempt: number, path: string): string {
  const escaped = path.split('/').map(escapeSegment).join('/');
  return `${runArtifactsPrefix(runId)}${stepId}/${attempt}/${escaped}`;
}

function escapeSegment(segment: string): string {
  let out = '';
  for (const [index, char] of [...segment].entries()) {
    if (/[A-Za-z0-9_]/.test(char) || (/[.-]/.test(char) && index > 0)) out += char;
    else
      for (const byte of Buffer.from(char))
        out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The absolute path of an artifact's relative `path` in `workspaceDir`, or an error saying
 * why it may not be written there: recorded paths are checked again before each write,
 * since a row could have been changed in the database.
 */
export function placeInWorkspace(workspaceDir: string, path: string): string {
  const parts = path.split('/');
  if (
    path === '' ||
    path.includes('\\') ||
    path.includes('\0') ||
    isAbsolute(path) ||
    parts.some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new Error(`artifact path ${JSON.stringify(path)} is not a plain relative path`);
  }
  const root = resolve(workspaceDir);
  const target = resolve(root, ...parts);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new Error(`artifact path ${JSON.stringify(path)} leads outside the workspace`);
  }
  return target;
}

/** `name` made safe for a `Content-Disposition` filename: its last segment, plain ASCII. */
export function downloadName(path: string): string {
  const base = path.split('/').at(-1) ?? 'artifact';
  const safe = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return safe === '' ? 'artifact' : safe;
}
