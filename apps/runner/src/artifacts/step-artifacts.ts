import type { Artifacts } from '@arcflow/db';
import type { BlobStore } from '../storage/blob-store.ts';
import { DEFAULT_ARTIFACT_RETENTION_MS } from './artifact-paths.ts';
import { captureArtifacts } from './capture-artifacts.ts';
import { restoreArtifacts } from './restore-artifacts.ts';

type ArtifactRows = Pick<Artifacts, 'record' | 'latestOfStepOrOrigin'>;

/** What the executor calls around a step: place `needs_artifacts` before, keep `artifacts` after. */
export interface StepArtifacts {
  restore(
    runId: string,
    stepIds: readonly string[],
    workspaceDir: string,
    note: (text: string) => void,
  ): Promise<void>;
  capture(
    step: { runId: string; stepId: string; attempt: number; patterns: readonly string[] },
    workspaceDir: string,
    retentionMs: number | undefined,
    note: (text: string) => void,
  ): Promise<void>;
}

export function stepArtifacts(
  store: BlobStore,
  rows: ArtifactRows,
  now: () => Date = () => new Date(),
): StepArtifacts {
  return {
    async restore(runId, stepIds, workspaceDir, note) {
      await restoreArtifacts(store, rows, { runId, stepIds, workspaceDir, note });
    },
    async capture(step, workspaceDir, retentionMs, note) {
      const expiresAt = new Date(now().getTime() + (retentionMs ?? DEFAULT_ARTIFACT_RETENTION_MS));
      await captureArtifacts(store, rows, { ...step, workspaceDir, expiresAt, note });
    },
  };
}
