import type { PrismaClient } from './generated/prisma/client.ts';

/** A file a step kept, as recorded; its bytes are in the artifact blob store under `storeKey`. */
export interface ArtifactRecord {
  id: string;
  runId: string;
  stepId: string;
  attempt: number;
  /** Relative to the workspace, with `/`. */
  path: string;
  size: number;
  sha256: string;
  storeKey: string;
  createdAt: Date;
  expiresAt: Date;
}

export type NewArtifact = Omit<ArtifactRecord, 'id' | 'createdAt'>;

type ArtifactRow = Omit<ArtifactRecord, 'size'> & { size: bigint };

const toRecord = (row: ArtifactRow): ArtifactRecord => ({ ...row, size: Number(row.size) });

/** Step artifacts: recorded once their bytes are stored, listed per run, pruned by expiry. */
export class Artifacts {
  constructor(private readonly prisma: PrismaClient) {}

  /** Records the files of one step attempt; the same path captured again replaces its row. */
  async record(artifacts: readonly NewArtifact[]): Promise<ArtifactRecord[]> {
    return await this.prisma
      .$transaction(
        artifacts.map((artifact) =>
          this.prisma.artifact.upsert({
            where: {
              runId_stepId_attempt_path: {
                runId: artifact.runId,
                stepId: artifact.stepId,
                attempt: artifact.attempt,
                path: artifact.path,
              },
            },
            create: { ...artifact, size: BigInt(artifact.size) },
            update: {
              size: BigInt(artifact.size),
              sha256: artifact.sha256,
              storeKey: artifact.storeKey,
              expiresAt: artifact.expiresAt,
            },
          }),
        ),
      )
      .then((rows) => rows.map(toRecord));
  }

  /** A run's artifacts by step, attempt and path. */
  async listByRun(runId: string): Promise<ArtifactRecord[]> {
    const rows = await this.prisma.artifact.findMany({
      where: { runId },
      orderBy: [{ stepId: 'asc' }, { attempt: 'asc' }, { path: 'asc' }],
    });
    return rows.map(toRecord);
  }

  /** The artifacts of the latest attempt of `stepId` that kept any. */
  async latestOfStep(runId: string, stepId: string): Promise<ArtifactRecord[]> {
    const latest = await this.prisma.artifact.aggregate({
      where: { runId, stepId },
      _max: { attempt: true },
    });
    const attempt = latest._max.attempt;
    if (attempt === null) return [];
    const rows = await this.prisma.artifact.findMany({
      where: { runId, stepId, attempt },
      orderBy: { path: 'asc' },
    });
    return rows.map(toRecord);
  }

  /**
   * The artifacts of `stepId`'s latest attempt that kept any, in this run or, for a step whose
   * result a rerun took over, in the run it came from (following reruns of reruns).
   */
  async latestOfStepOrOrigin(runId: string, stepId: string): Promise<ArtifactRecord[]> {
    let current: string | null = runId;
    for (let hops = 0; current !== null && hops < 20; hops++) {
      const found = await this.latestOfStep(current, stepId);
      if (found.length > 0) return found;
      const step: { reusedFromRunId: string | null } | null = await this.prisma.stepRun.findUnique({
        where: { runId_stepId: { runId: current, stepId } },
        select: { reusedFromRunId: true },
      });
      current = step?.reusedFromRunId ?? null;
    }
    return [];
  }

  async get(id: string): Promise<ArtifactRecord | null> {
    const row = await this.prisma.artifact.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  /** Artifacts whose retention ended at `now`, oldest first, at most `limit`. */
  async listExpired(now: Date, limit = 1000): Promise<ArtifactRecord[]> {
    const rows = await this.prisma.artifact.findMany({
      where: { expiresAt: { lte: now } },
      orderBy: { expiresAt: 'asc' },
      take: limit,
    });
    return rows.map(toRecord);
  }

  /** Deletes these rows (their blobs are the caller's to delete first); returns how many. */
  async delete(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { count } = await this.prisma.artifact.deleteMany({ where: { id: { in: [...ids] } } });
    return count;
  }
}
