import type { Logger } from '../logger.ts';
import type { Session } from '../session/session.ts';
import { pruneExpiredArtifacts } from './prune-artifacts.ts';

/** How often `arcflow serve` deletes expired artifacts (and once at start). */
export const ARTIFACT_PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes expired artifacts at start and then every `intervalMs`. Several runners may prune
 * at once: deleting a blob or row twice is harmless.
 */
export function startArtifactRetention(
  session: Pick<Session, 'store' | 'blobs'>,
  logger: Logger,
  intervalMs = ARTIFACT_PRUNE_INTERVAL_MS,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const prune = () => {
    running = pruneExpiredArtifacts(session.blobs.artifacts, session.store.artifacts, new Date())
      .then((count) => {
        if (count > 0) logger.info({ count }, 'expired artifacts deleted');
      })
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'expired artifacts could not be deleted'),
      );
  };
  prune();
  const timer = setInterval(prune, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
