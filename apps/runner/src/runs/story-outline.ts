import type { PrismaClient } from '@arcflow/db';
import type { RunEventType, StoryKind } from '@arcflow/engine';
import type { RunEventJson } from '../api/event-json.ts';

/** A run with more events than this is outlined (its arc drawn in bins) rather than told whole. */
export const OUTLINE_OVER_EVENTS = 300;
/** At most this many bins: one readable marker every ~15 px on a wide screen. */
export const OUTLINE_BINS = 60;

/**
 * Which event of a bin speaks for it: the most dramatic kind, then the latest. The climax and
 * tensions must never hide behind a crowd of beats.
 */
const DRAMA: readonly StoryKind[] = [
  'climax',
  'tension',
  'return',
  'resolution',
  'denouement',
  'suspense',
  'verdict',
  'fallout',
  'exposition',
  'beat',
  'rising',
];

/** Events of one stretch of time: how many of each kind, and the one that speaks for them. */
export interface OutlineBin {
  fromSeq: number;
  toSeq: number;
  /** ISO 8601: the first and last event's time. */
  from: string;
  to: string;
  counts: Partial<Record<StoryKind, number>>;
  /** The event that speaks for the bin, as `runs.events` tells it (without its data). */
  peak: RunEventJson;
}

interface CountRow {
  bin: number;
  kind: StoryKind;
  n: bigint | number;
  from_seq: number;
  to_seq: number;
  from_at: Date;
  to_at: Date;
}

interface PeakRow {
  bin: number;
  seq: number;
  type: RunEventType;
  kind: StoryKind;
  text: string;
  step_id: string | null;
  at: Date;
}

/**
 * The run's events up to `upToSeq` in at most `bins` equal stretches of time, counted in the
 * database: the run page draws a 10,000-event arc from a few dozen rows instead of the events.
 */
export async function storyOutline(
  prisma: PrismaClient,
  runId: string,
  upToSeq: number,
  bins = OUTLINE_BINS,
): Promise<OutlineBin[]> {
  const drama = [...DRAMA];
  // The same binning in both queries: equal stretches of time between the first and last event.
  const [counts, peaks] = await Promise.all([
    prisma.$queryRaw<CountRow[]>`
      WITH bounds AS (
        SELECT extract(epoch FROM min("at")) AS a0, extract(epoch FROM max("at")) AS a1
        FROM "events" WHERE "run_id" = ${runId} AND "seq" <= ${upToSeq}
      ), binned AS (
        SELECT e.*, LEAST(${bins}::int, width_bucket(extract(epoch FROM e."at"), b.a0,
          b.a1 + 0.000001, ${bins}::int)) AS bin
        FROM "events" e, bounds b WHERE e."run_id" = ${runId} AND e."seq" <= ${upToSeq}
      )
      SELECT bin, "story_kind" AS kind, count(*) AS n, min("seq") AS from_seq,
        max("seq") AS to_seq, min("at") AS from_at, max("at") AS to_at
      FROM binned GROUP BY bin, "story_kind" ORDER BY bin`,
    prisma.$queryRaw<PeakRow[]>`
      WITH bounds AS (
        SELECT extract(epoch FROM min("at")) AS a0, extract(epoch FROM max("at")) AS a1
        FROM "events" WHERE "run_id" = ${runId} AND "seq" <= ${upToSeq}
      ), binned AS (
        SELECT e.*, LEAST(${bins}::int, width_bucket(extract(epoch FROM e."at"), b.a0,
          b.a1 + 0.000001, ${bins}::int)) AS bin
        FROM "events" e, bounds b WHERE e."run_id" = ${runId} AND e."seq" <= ${upToSeq}
      )
      SELECT DISTINCT ON (bin) bin, "seq", "type", "story_kind" AS kind, "story_text" AS text, "step_id",
        "at"
      FROM binned
      ORDER BY bin, array_position(${drama}::text[], "story_kind"), "seq" DESC`,
  ]);
  const byBin = new Map<number, OutlineBin>();
  for (const peak of peaks) {
    byBin.set(peak.bin, {
      fromSeq: peak.seq,
      toSeq: peak.seq,
      from: peak.at.toISOString(),
      to: peak.at.toISOString(),
      counts: {},
      peak: {
        seq: peak.seq,
        type: peak.type,
        at: peak.at.toISOString(),
        ...(peak.step_id ? { stepId: peak.step_id } : {}),
        story: { kind: peak.kind, text: peak.text },
      },
    });
  }
  for (const row of counts) {
    const bin = byBin.get(row.bin);
    if (!bin) continue;
    bin.counts[row.kind] = Number(row.n);
    if (row.from_seq < bin.fromSeq) {
      bin.fromSeq = row.from_seq;
      bin.from = row.from_at.toISOString();
    }
    if (row.to_seq > bin.toSeq) {
      bin.toSeq = row.to_seq;
      bin.to = row.to_at.toISOString();
    }
  }
  return [...byBin.values()].sort((a, b) => a.fromSeq - b.fromSeq);
}
