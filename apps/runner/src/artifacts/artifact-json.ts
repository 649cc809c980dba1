import type { ArtifactRecord } from '@arcflow/db';

/** One artifact as the API and `arcflow artifacts --json` show it. */
export interface ArtifactJson {
  id: string;
  stepId: string;
  attempt: number;
  path: string;
  size: number;
  sha256: string;
  createdAt: string;
  expiresAt: string;
  /** `GET` it on the runner's URL for the bytes (`server/artifact-download.ts`). */
  downloadPath: string;
}

export const artifactDownloadPath = (runId: string, id: string): string =>
  `/api/runs/${encodeURIComponent(runId)}/artifacts/${encodeURIComponent(id)}`;

export function artifactToJson(artifact: ArtifactRecord): ArtifactJson {
  return {
    id: artifact.id,
    stepId: artifact.stepId,
    attempt: artifact.attempt,
    path: artifact.path,
    size: artifact.size,
    sha256: artifact.sha256,
    createdAt: artifact.createdAt.toISOString(),
    expiresAt: artifact.expiresAt.toISOString(),
    downloadPath: artifactDownloadPath(artifact.runId, artifact.id),
  };
}
