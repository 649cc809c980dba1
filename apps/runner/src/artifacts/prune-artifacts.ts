import type { Artifacts } from '@arcflow/db';
import type { BlobStore } from '../storage/blob-store.ts';
import { runArtifactsPrefix } from './artifact-paths.ts';

/** Deletes the artifacts whose retention ended, blobs first, in batches; returns how many. */
export async function pruneExpiredArtifacts(
  store: BlobStore,
  rows: Pick<Artifacts, 'listExpired' | 'delete'>,
  now: Date,
): Promise<number> {
  let pruned = 0;
  for (;;) {
    const expired = await rows.listExpired(now, 500);
    if (expired.length === 0) return pruned;
    for (const artifact of expired) await store.delete(artifact.storeKey);
    pruned += await rows.delete(expired.map((artifact) => artifact.id));
  }
}

/** Deletes every blob of a run's artifacts (its rows go with the run, by foreign key). */
export async function deleteRunArtifacts(store: BlobStore, runId: string): Promise<number> {
  return await store.deletePrefix(runArtifactsPrefix(runId));
}
