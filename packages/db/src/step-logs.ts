import type { LogStream } from '@arcflow/engine';
import type { LogChunk, Prisma, PrismaClient } from './generated/prisma/client.ts';
import { clamp } from './query-helpers.ts';
import type { LogFilter, LogLineRecord, LogSize, NewLogLine } from './records.ts';

/** A chunk holds at most this many bytes of text… */
export const CHUNK_MAX_BYTES = 64 * 1024;
/** …and this many lines (a line's id keeps its place in its chunk in 16 bits). */
const CHUNK_MAX_LINES = 4096;
/** Lines further apart in time start a new chunk, so a chunk's time stays each line's. */
const CHUNK_MAX_SPAN_MS = 1000;
const LINE_BITS = 16n;
const LINE_MASK = (1n << LINE_BITS) - 1n;
/** Chunks read per query while paging. */
const CHUNKS_PER_READ = 64;

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Step output (stdout, stderr, system lines) per attempt. Lines are stored in chunks: runs
 * of consecutive lines of one stream of one attempt, joined by newlines, at most 64 KiB or
 * 4,096 lines, so a chatty step costs a row per 64 KiB, not per line. Each chunk knows the
 * number of its first line in its attempt's log, so a page can start at any line.
 *
 * A line's id is its chunk's id shifted 16 bits left plus its place in the chunk: ids grow in
 * the order lines were written, and a reader passes the last one it saw as `afterId`.
 */
export class StepLogs {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Appends the lines, numbering them after the ones their attempt already has. A line with
   * newlines in it is stored as several lines. One writer per attempt at a time (the runner
   * holding the run's lease writes them in order). `writeId` (a UUID) names this write: a
   * retry with the same id after the first try landed stores nothing again.
   */
  append(lines: readonly NewLogLine[], writeId?: string): Promise<void> {
    return appendLogLines(this.prisma, lines, writeId);
  }

  /**
   * Lines of a run in the order they were written (at most `limit`, default 1,000, up to
   * 10,000), optionally of one step and attempt, after `afterId`.
   */
  async list(runId: string, filter: LogFilter = {}): Promise<LogLineRecord[]> {
    const limit = clamp(filter.limit, 1000, 10_000);
    let after = filter.afterId === undefined ? -1n : BigInt(filter.afterId);
    const out: LogLineRecord[] = [];
    let fromChunk = after < 0n ? 0n : after >> LINE_BITS;
    let cursorChecked = after < 0n;
    for (;;) {
      const chunks = await this.prisma.logChunk.findMany({
        where: {
          runId,
          stepId: filter.stepId,
          attempt: filter.attempt,
          id: { gte: fromChunk },
        },
        orderBy: { id: 'asc' },
        take: CHUNKS_PER_READ,
      });
      if (!cursorChecked) {
        cursorChecked = true;
        // Usually the read starts at the cursor's own chunk, which proves it today's.
        const first = chunks[0];
        const today = first?.id === fromChunk && (after & LINE_MASK) < BigInt(first.lineCount);
        // There is no chunk 0: an id below 65,536 (or 0, "from the start") is a row's.
        if (!today && (fromChunk === 0n || !(await this.namesLineOfRun(runId, after)))) {
          // A row's id from before chunks: read on after every line of that chunk.
          after = (after << LINE_BITS) | LINE_MASK;
          if (after >> LINE_BITS !== fromChunk) {
            fromChunk = after >> LINE_BITS;
            continue;
          }
        }
      }
      for (const chunk of chunks) {
        for (const line of linesOf(chunk)) {
          if (line.id <= after) continue;
          out.push(line);
          if (out.length === limit) return out;
        }
      }
      if (chunks.length < CHUNKS_PER_READ) return out;
      fromChunk = (chunks.at(-1) as LogChunk).id + 1n;
    }
  }

  /**
   * Whether `lineId` names a line of a chunk of the run, as the ids given out today do. A
   * cursor kept from before logs were stored in chunks (migration 20261202143500_log_chunks)
   * does not: a line's id was its row's, and each row is now a chunk with the same id, so
   * such a cursor means "after every line of chunk `lineId`". (Only a run whose rows span a
   * factor of 65,536 in id could hold a cursor of both kinds; that is not told apart.)
   */
  private async namesLineOfRun(runId: string, lineId: bigint): Promise<boolean> {
    const chunk = await this.prisma.logChunk.findUnique({
      where: { id: lineId >> LINE_BITS },
      select: { runId: true, lineCount: true },
    });
    return chunk?.runId === runId && (lineId & LINE_MASK) < BigInt(chunk.lineCount);
  }

  /** Lines `fromLine`, `fromLine + 1`, … of one attempt of a step (at most `limit`, up to 10,000). */
  async page(
    runId: string,
    stepId: string,
    attempt: number,
    options: { fromLine: number; limit?: number },
  ): Promise<LogLineRecord[]> {
    const limit = clamp(options.limit, 500, 10_000);
    const where = { runId, stepId, attempt };
    const first = await this.prisma.logChunk.findFirst({
      where: { ...where, firstLine: { lte: options.fromLine } },
      orderBy: { firstLine: 'desc' },
      select: { firstLine: true },
    });
    const out: LogLineRecord[] = [];
    let from = first?.firstLine ?? 0;
    for (;;) {
      const chunks = await this.prisma.logChunk.findMany({
        where: { ...where, firstLine: { gte: from } },
        orderBy: { firstLine: 'asc' },
        take: CHUNKS_PER_READ,
      });
      for (const chunk of chunks) {
        for (const line of linesOf(chunk)) {
          if (line.line < options.fromLine) continue;
          out.push(line);
          if (out.length === limit) return out;
        }
      }
      if (chunks.length < CHUNKS_PER_READ) return out;
      const last = chunks.at(-1) as LogChunk;
      from = last.firstLine + last.lineCount;
    }
  }

  /** How many lines and bytes one attempt of a step has stored. */
  async size(runId: string, stepId: string, attempt: number): Promise<LogSize> {
    const sums = await this.prisma.logChunk.aggregate({
      where: { runId, stepId, attempt },
      _sum: { lineCount: true, bytes: true },
    });
    return { lines: sums._sum.lineCount ?? 0, bytes: sums._sum.bytes ?? 0 };
  }

  /** The id of the last line written (optionally of one step and attempt), or null. */
  async lastLineId(
    runId: string,
    filter: Pick<LogFilter, 'stepId' | 'attempt'> = {},
  ): Promise<bigint | null> {
    const last = await this.prisma.logChunk.findFirst({
      where: { runId, stepId: filter.stepId, attempt: filter.attempt },
      orderBy: { id: 'desc' },
      select: { id: true, lineCount: true },
    });
    return last ? (last.id << LINE_BITS) + BigInt(last.lineCount - 1) : null;
  }

  /** The latest attempt of a step that wrote output, or null. */
  async latestAttempt(runId: string, stepId: string): Promise<number | null> {
    const max = await this.prisma.logChunk.aggregate({
      where: { runId, stepId },
      _max: { attempt: true },
    });
    return max._max.attempt;
  }
}

/**
 * Appends log lines as chunks through `db` (a client or a transaction), numbering each
 * attempt's lines after those it already has.
 *
 * A write lands whole or not at all (one small statement, or inside the commit's
 * transaction), and the writer of an attempt tries it again before writing anything else. So when a write named `writeId` landed, the
 * last chunk of each of its attempts is its own: a retry (the reply to the first try lost)
 * sees that in the read that numbers the lines, and stores nothing.
 */
export async function appendLogLines(
  db: Db,
  lines: readonly NewLogLine[],
  writeId?: string,
): Promise<void> {
  if (lines.length === 0) return;
  const split = lines.flatMap((line) =>
    line.text.includes('\n') ? line.text.split('\n').map((text) => ({ ...line, text })) : [line],
  );
  const { next, landed } = await nextLineNumbers(db, split, writeId);
  if (landed) return;
  const chunks: Prisma.LogChunkCreateManyInput[] = [];
  let open: (Prisma.LogChunkCreateManyInput & { texts: string[] }) | undefined;
  const close = () => {
    if (!open) return;
    const { texts, ...chunk } = open;
    chunks.push({ ...chunk, text: texts.join('\n') });
    open = undefined;
  };
  for (const line of split) {
    const key = attemptKey(line);
    const bytes = Buffer.byteLength(line.text) + 1;
    const fits =
      open !== undefined &&
      open.runId === line.runId &&
      open.stepId === line.stepId &&
      open.attempt === line.attempt &&
      open.stream === line.stream &&
      (open.bytes as number) + bytes <= CHUNK_MAX_BYTES &&
      (open.lineCount as number) < CHUNK_MAX_LINES &&
      line.at.getTime() - (open.at as Date).getTime() <= CHUNK_MAX_SPAN_MS;
    if (!fits) {
      close();
      open = {
        runId: line.runId,
        stepId: line.stepId,
        attempt: line.attempt,
        stream: line.stream,
        at: line.at,
        firstLine: next.get(key) ?? 0,
        lineCount: 0,
        writeId: writeId ?? null,
        bytes: 0,
        text: '',
        texts: [],
      };
    }
    const chunk = open as NonNullable<typeof open>;
    chunk.texts.push(line.text);
    chunk.lineCount = (chunk.lineCount as number) + 1;
    chunk.bytes = (chunk.bytes as number) + bytes;
    next.set(key, (next.get(key) ?? 0) + 1);
  }
  close();
  await db.logChunk.createMany({ data: chunks });
}

/**
 * The next line number of each attempt the lines belong to, and whether the write
 * `writeId` already stored them (an attempt's last chunk is its own).
 */
async function nextLineNumbers(
  db: Db,
  lines: readonly NewLogLine[],
  writeId: string | undefined,
): Promise<{ next: Map<string, number>; landed: boolean }> {
  const attempts = new Map<string, NewLogLine>();
  for (const line of lines) attempts.set(attemptKey(line), line);
  const next = new Map<string, number>();
  let landed = false;
  await Promise.all(
    [...attempts].map(async ([key, { runId, stepId, attempt }]) => {
      const last = await db.logChunk.findFirst({
        where: { runId, stepId, attempt },
        orderBy: { firstLine: 'desc' },
        select: { firstLine: true, lineCount: true, writeId: true },
      });
      next.set(key, last ? last.firstLine + last.lineCount : 0);
      if (writeId !== undefined && last?.writeId === writeId) landed = true;
    }),
  );
  return { next, landed };
}

const attemptKey = (line: Pick<NewLogLine, 'runId' | 'stepId' | 'attempt'>) =>
  `${line.runId}\u0000${line.stepId}\u0000${line.attempt}`;

function linesOf(chunk: LogChunk): LogLineRecord[] {
  return chunk.text.split('\n').map((text, i) => ({
    id: (chunk.id << LINE_BITS) + BigInt(i),
    runId: chunk.runId,
    stepId: chunk.stepId,
    attempt: chunk.attempt,
    line: chunk.firstLine + i,
    stream: chunk.stream as LogStream,
    text,
    at: chunk.at,
  }));
}
