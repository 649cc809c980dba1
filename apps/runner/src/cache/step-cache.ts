import { text } from 'node:stream/consumers';
import { z } from 'zod';
import type { BlobStore } from '../storage/blob-store.ts';

/** What the cache keeps of a successful execution of a step. */
export const cacheEntrySchema = z.object({
  version: z.literal(1),
  /** The outputs as told (secrets masked): restored on a hit. */
  outputs: z.record(z.string(), z.unknown()),
  runId: z.string(),
  stepId: z.string(),
  attempt: z.number().int(),
  /** When the execution succeeded (ISO 8601). */
  at: z.string(),
  /**
   * The artifacts the step declared and stored, by name and store key (issue 15's `artifacts:`,
   * once merged): restored on a hit. Empty until steps can declare artifacts.
   */
  artifacts: z.array(z.object({ name: z.string(), key: z.string() })),
});

export type CacheEntry = z.infer<typeof cacheEntrySchema>;

/**
 * The step cache over a blob store: one JSON entry per key, under `steps/<sha256>.json`. An
 * entry that cannot be read or parsed counts as a miss (and is replaced on the next success):
 * the cache may only ever save time, never fail a step.
 */
export class StepCache {
  constructor(private readonly store: BlobStore) {}

  describe(): string {
    return this.store.describe();
  }

  async lookup(key: string): Promise<CacheEntry | undefined> {
    const stream = await this.store.get(blobKey(key));
    if (stream === undefined) return undefined;
    try {
      const parsed = cacheEntrySchema.safeParse(JSON.parse(await text(stream)));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  async save(key: string, entry: CacheEntry): Promise<void> {
    await this.store.put(blobKey(key), Buffer.from(JSON.stringify(entry)));
  }
}

function blobKey(key: string): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a step cache key: ${key}`);
  return `steps/${key}.json`;
}
