import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, realpath, rename, rm } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactRecord } from '@arcflow/db';
import type { BlobStore } from '../storage/blob-store.ts';
import { placeInWorkspace } from './artifact-paths.ts';

export interface ArtifactSource {
  latestOfStepOrOrigin(runId: string, stepId: string): Promise<ArtifactRecord[]>;
}

export interface Restore {
  runId: string;
  /** The steps named in `needs_artifacts`. */
  stepIds: readonly string[];
  workspaceDir: string;
  note(text: string): void;
}

/**
 * Places the latest artifacts of each step (of the run it was taken over from, in a rerun)
 * in the workspace at the paths they were captured
 * from, replacing what is there. Each path is checked again and each file's bytes against
 * its recorded sha256; a missing blob (expired, deleted) fails with the step and path named.
 */
export async function restoreArtifacts(
  store: BlobStore,
  source: ArtifactSource,
  restore: Restore,
): Promise<number> {
  let placed = 0;
  for (const stepId of restore.stepIds) {
    const artifacts = await source.latestOfStepOrOrigin(restore.runId, stepId);
    if (artifacts.length === 0) {
      restore.note(`warning: needs_artifacts: step ${stepId} kept no artifacts`);
      continue;
    }
    for (const artifact of artifacts) await place(store, artifact, restore.workspaceDir);
    placed += artifacts.length;
    const bytes = artifacts.reduce((sum, a) => sum + a.size, 0);
    restore.note(
      `needs_artifacts: placed ${artifacts.length} file${artifacts.length === 1 ? '' : 's'} of ${stepId} (${bytes} bytes)`,
    );
  }
  return placed;
}

async function place(
  store: BlobStore,
  artifact: ArtifactRecord,
  workspaceDir: string,
): Promise<void> {
  const target = placeInWorkspace(workspaceDir, artifact.path);
  await mkdir(dirname(target), { recursive: true });
  // A directory on the way may be a link out of the workspace: never write through it.
  const root = await realpath(workspaceDir);
  const parent = relative(root, await realpath(dirname(target)));
  if (parent === '..' || parent.startsWith(`..${sep}`)) {
    throw new Error(`needs_artifacts: ${artifact.path} would be written outside the workspace`);
  }
  const body = await store.get(artifact.storeKey);
  if (!body) {
    throw new Error(
      `needs_artifacts: the artifact ${artifact.path} of ${artifact.stepId} is gone from the store (expired or deleted)`,
    );
  }
  const temp = `${target}.arcflow-${randomUUID()}`;
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, hashing, createWriteStream(temp));
    const sha256 = hash.digest('hex');
    if (sha256 !== artifact.sha256) {
      throw new Error(
        `needs_artifacts: ${artifact.path} of ${artifact.stepId} does not match its recorded sha256 (the store holds other bytes)`,
      );
    }
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}
