import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Store } from '@arcflow/db';
import { RUN_ID_PATTERN } from '@arcflow/db';
import { roleAtLeast } from '@arcflow/engine';
import { downloadName } from '../artifacts/artifact-paths.ts';
import type { ActorResolver } from '../identity/actor.ts';
import type { Logger } from '../logger.ts';
import type { BlobStore } from '../storage/blob-store.ts';
import { sendJson } from './send-json.ts';

const DOWNLOAD_PATH = /^\/api\/runs\/([^/]+)\/artifacts\/([^/]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isArtifactDownloadPath = (path: string): boolean => path.startsWith('/api/runs/');

export interface ArtifactDownloadOptions {
  store: Pick<Store, 'artifacts'>;
  blobs: BlobStore;
  logger: Logger;
}

/**
 * `GET /api/runs/<run>/artifacts/<id>`: one artifact's bytes, for whoever may view runs
 * (viewer in team mode). Only ids recorded for that run are served: the URL never names a
 * path or a store key, so it cannot reach anything else.
 */
export function createArtifactDownload(options: ArtifactDownloadOptions) {
  return async (req: IncomingMessage, res: ServerResponse, path: string, actor: ActorResolver) => {
    const match = DOWNLOAD_PATH.exec(path);
    const runId = match?.[1];
    const id = match?.[2]?.toLowerCase();
    if (!runId || !id || !RUN_ID_PATTERN.test(runId) || !UUID.test(id)) {
      sendJson(res, 404, {
        error: 'no such artifact; the URL is /api/runs/<run>/artifacts/<artifact id>',
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendJson(res, 405, { error: `${req.method} is not allowed here; use GET` });
      return;
    }
    const who = await actor();
    if (!who) {
      sendJson(res, 401, { error: 'sign in first' });
      return;
    }
    if (!roleAtLeast(who.role, 'viewer')) {
      sendJson(res, 403, { error: `needs the viewer role; you are ${who.role}` });
      return;
    }
    const artifact = await options.store.artifacts.get(id);
    if (!artifact || artifact.runId !== runId) {
      sendJson(res, 404, { error: `run ${runId} has no artifact ${id}` });
      return;
    }
    const body = await options.blobs.get(artifact.storeKey);
    if (!body) {
      sendJson(res, 410, {
        error: `the bytes of ${artifact.path} are gone from the store (expired or deleted)`,
      });
      return;
    }
    res.statusCode = 200;
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', String(artifact.size));
    res.setHeader('content-disposition', `attachment; filename="${downloadName(artifact.path)}"`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-arcflow-sha256', artifact.sha256);
    if (req.method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    await pipeline(body, res).catch((error: unknown) =>
      options.logger.warn({ err: error, runId, artifact: id }, 'artifact download cut short'),
    );
  };
}
