import { createHash } from 'node:crypto';
import type { RunStatus } from '@arcflow/engine';
import { AmbiguousRevisionError } from './errors.ts';
import type { PrismaClient } from './generated/prisma/client.ts';
import { toRevisionRecord } from './mappers.ts';
import { clamp } from './query-helpers.ts';
import type {
  NewRevision,
  RecordedRevision,
  RevisionRecord,
  RevisionScope,
  RevisionSummary,
} from './records.ts';

/** The shortest hash prefix `get` accepts, so a typo does not match by accident. */
export const MIN_REVISION_PREFIX = 4;

/** How many of each revision's runs `history` returns by default, and at most. */
export const REVISION_RUNS_DEFAULT = 10;
export const REVISION_RUNS_MAX = 50;

/** A run as a revision's history shows it. */
export interface RevisionRun {
  id: string;
  status: RunStatus;
  createdAt: Date;
}

/** A revision with its latest runs (`runCount` counts them all). */
export interface RevisionHistoryEntry extends RevisionSummary {
  /** Newest first, at most the `runs` asked of `history`. */
  runs: RevisionRun[];
}

/** sha256 hex of a workflow's text: what identifies a revision's content. */
export function revisionHash(yaml: string): string {
  return createHash('sha256').update(yaml).digest('hex');
}

/**
 * Workflow revisions: the contents a workflow of a workspace had, in the order it had them.
 * Recording the content the workflow already has is not a new revision, whoever does it and
 * however often; going back to an earlier content (a restore) is one, so history only grows.
 */
const TRANSACTION_BUDGET = { maxWait: 10_000, timeout: 60_000 };

export class Revisions {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records the workflow's content as its newest revision, or finds its newest revision when
   * that already has this content (`created: false`; its author, time and message stay).
   * Concurrent records of one workflow are serialised, so the same change is recorded once.
   */
  async record(input: NewRevision): Promise<RecordedRevision> {
    const hash = revisionHash(input.yaml);
    const scope = { workspaceDir: input.workspaceDir, workflowName: input.workflowName };
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`arcflow-revisions:${scope.workspaceDir}:${scope.workflowName}`}))`;
      const latest = await tx.workflowRevision.findFirst({
        where: scope,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      if (latest?.hash === hash) return { revision: toRevisionRecord(latest), created: false };
      const row = await tx.workflowRevision.create({
        data: {
          ...scope,
          hash,
          yaml: input.yaml,
          createdBy: input.createdBy,
          createdByUserId: input.createdByUserId ?? null,
          message: input.message ?? null,
          // strictly after the latest, so "newest" never ties within a millisecond
          ...(latest && latest.createdAt.getTime() >= Date.now()
            ? { createdAt: new Date(latest.createdAt.getTime() + 1) }
            : {}),
        },
      });
      return { revision: toRevisionRecord(row), created: true };
      // as long as a run's creation may take: a busy database makes a start slow, not fail
    }, TRANSACTION_BUDGET);
  }

  /** A workflow's revisions, newest first, each with how many runs ran it (default 50, at most 500). */
  async list(scope: RevisionScope, limit?: number): Promise<RevisionSummary[]> {
    const rows = await this.prisma.workflowRevision.findMany({
      where: { workspaceDir: scope.workspaceDir, workflowName: scope.workflowName },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: clamp(limit, 50, 500),
      include: { _count: { select: { runs: true } } },
    });
    return rows.map(({ _count, ...row }) => ({ ...toRevisionRecord(row), runCount: _count.runs }));
  }

  /**
   * A workflow's revisions newest first (default 50, at most 500), each with its run count
   * and its latest runs, newest first (default `REVISION_RUNS_DEFAULT` per revision, at most
   * `REVISION_RUNS_MAX`).
   */
  async history(
    scope: RevisionScope,
    options: { limit?: number; runs?: number } = {},
  ): Promise<RevisionHistoryEntry[]> {
    const rows = await this.prisma.workflowRevision.findMany({
      where: { workspaceDir: scope.workspaceDir, workflowName: scope.workflowName },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: clamp(options.limit, 50, 500),
      include: {
        _count: { select: { runs: true } },
        runs: {
          select: { id: true, status: true, createdAt: true },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: clamp(options.runs, REVISION_RUNS_DEFAULT, REVISION_RUNS_MAX),
        },
      },
    });
    return rows.map(({ _count, runs, ...row }) => ({
      ...toRevisionRecord(row),
      runCount: _count.runs,
      runs: runs.map((run) => ({ ...run, status: run.status as RunStatus })),
    }));
  }

  /**
   * One revision of the workflow by its id or a prefix of its hash (at least
   * `MIN_REVISION_PREFIX` hex digits), or null: the newest with that content when it was
   * had more than once. `AmbiguousRevisionError` when the prefix matches several contents.
   */
  async get(scope: RevisionScope, ref: string): Promise<RevisionRecord | null> {
    const where = { workspaceDir: scope.workspaceDir, workflowName: scope.workflowName };
    const byId = await this.prisma.workflowRevision.findFirst({ where: { ...where, id: ref } });
    if (byId) return toRevisionRecord(byId);
    const prefix = ref.toLowerCase();
    if (prefix.length < MIN_REVISION_PREFIX || !/^[0-9a-f]+$/.test(prefix)) return null;
    const rows = await this.prisma.workflowRevision.findMany({
      where: { ...where, hash: { startsWith: prefix } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    if (new Set(rows.map((row) => row.hash)).size > 1) {
      throw new AmbiguousRevisionError(scope.workflowName, ref);
    }
    return rows[0] ? toRevisionRecord(rows[0]) : null;
  }
}
