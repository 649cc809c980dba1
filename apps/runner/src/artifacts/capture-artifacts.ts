import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { expandGlobs } from '@arcflow/actions';
import type { ArtifactRecord, NewArtifact } from '@arcflow/db';
import type { BlobStore } from '../storage/blob-store.ts';
import { artifactKey, placeInWorkspace } from './artifact-paths.ts';

export interface ArtifactRows {
  record(artifacts: readonly NewArtifact[]): Promise<ArtifactRecord[]>;
}

export interface Capture {
  runId: string;
  stepId: string;
  attempt: number;
  /** The step's `artifacts:` globs, `!pattern` to leave out. */
  patterns: readonly string[];
  workspaceDir: string;
  expiresAt: Date;
  /** A line for the step's log (`system`). */
  note(text: string): void;
}

/**
 * Stores the files a succeeded step's globs match in the workspace, then records them.
 * A pattern that matches nothing is a warning in the log (like upload-artifact's
 * `if-no-files-found: warn`); a file reached through a link from outside the workspace, or
 * one the store refuses, fails the capture.
 */
export async function captureArtifacts(
  store: BlobStore,
  rows: ArtifactRows,
  capture: Capture,
): Promise<ArtifactRecord[]> {
  const excluded = capture.patterns.filter((pattern) => pattern.startsWith('!'));
  const paths = new Set<string>();
  for (const pattern of capture.patterns.filter((p) => !p.startsWith('!'))) {
    // A directory named without a glob means everything in it.
    const whole = (await isDirectory(join(capture.workspaceDir, pattern)))
      ? `${pattern}/**`
      : pattern;
    const matched = await expandGlobs(capture.workspaceDir, [whole, ...excluded]);
    if (matched.length === 0)
      capture.note(`warning: artifacts: no files match ${JSON.stringify(pattern)}`);
    for (const path of matched) paths.add(path);
  }
  const root = await realpath(capture.workspaceDir);
  const kept: NewArtifact[] = [];
  let total = 0;
  for (const path of [...paths].sort()) {
    const absolute = placeInWorkspace(capture.workspaceDir, path);
    await refuseOutside(root, absolute, path);
    const storeKey = artifactKey(capture.runId, capture.stepId, capture.attempt, path);
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const { size: expected } = await stat(absolute);
    // pipeline: a read error reaches the store's upload instead of leaving it waiting
    const body = pipeline(createReadStream(absolute), hashing, () => {});
    const { size } = await store.put(storeKey, body, expected);
    kept.push({
      runId: capture.runId,
      stepId: capture.stepId,
      attempt: capture.attempt,
      path,
      size,
      sha256: hash.digest('hex'),
      storeKey,
      expiresAt: capture.expiresAt,
    });
    total += size;
  }
  const recorded = await rows.record(kept);
  if (kept.length > 0) {
    capture.note(
      `artifacts: kept ${kept.length} file${kept.length === 1 ? '' : 's'} (${total} bytes) in ${store.describe()}`,
    );
  }
  return recorded;
}

/** A matched file must really be in the workspace: a link may not carry another file out. */
async function refuseOutside(root: string, absolute: string, path: string): Promise<void> {
  const real = await realpath(absolute);
  const rel = relative(root, real);
  if (rel.startsWith(`..${sep}`) || rel === '..' || resolve(root, rel) !== real) {
    throw new Error(
      `artifacts: ${path} is a link to ${real}, outside the workspace; it is not kept`,
    );
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
