import type { PrismaClient } from './generated/prisma/client.ts';
import { toLogChunkRecord } from './mappers.ts';
import { clamp } from './query-helpers.ts';
import type { LogChunkRecord, LogFilter, NewLogChunk } from './records.ts';

/** Step output (stdout, stderr, system lines) per attempt, in the order it was appended. */
export class StepLogs {
  constructor(private readonly prisma: PrismaClient) {}

  /** Appends the chunks in one statement; nothing for an empty list. */
  async append(chunks: NewLogChunk[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.prisma.logChunk.createMany({ data: chunks });
  }

  /** Log chunks of a run in the order they were appended (at most `limit`, up to 10,000). */
  async list(runId: string, filter: LogFilter = {}): Promise<LogChunkRecord[]> {
    const rows = await this.prisma.logChunk.findMany({
      where: {
        runId,
        stepId: filter.stepId,
        attempt: filter.attempt,
        ...(filter.afterId !== undefined && { id: { gt: BigInt(filter.afterId) } }),
      },
      orderBy: { id: 'asc' },
      take: clamp(filter.limit, 1000, 10_000),
    });
    return rows.map(toLogChunkRecord);
  }
}
