import { createHash } from 'node:crypto';
import type { RunStatus } from '@arcflow/engine';
import { AmbiguousRevisionError } from './errors.ts';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
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
 * Workflow revisions: every content a workflow of a workspace had when it was saved or run.
 * Identical content is one revision, whoever saves it and however often.
 */
export class Revisions {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Records the workflow's content as a revision, or finds the revision that already has
   * it (`created: false`; its author, time and message stay those of the first record).
   */
  async record(input: NewRevision): Promise<RecordedRevision> {
    const hash = revisionHash(input.yaml);
    const key = {
      workspaceDir_workflowName_hash: {
        workspaceDir: input.workspaceDir,
        workflowName: input.workflowName,
        hash,
      },
    };
    const existing = await this.prisma.workflowRevision.findUnique({ where: key });
    if (existing) return { revision: toRevisionRecord(existing), created: false };
    try {
      const row = await this.prisma.workflowRevision.create({
        data: {
          workflowName: input.workflowName,
          workspaceDir: input.workspaceDir,
          hash,
          yaml: input.yaml,
          createdBy: input.createdBy,
          message: input.message ?? null,
        },
      });
      return { revision: toRevisionRecord(row), created: true };
    } catch (error) {
      // Recorded at the same moment by another process: theirs is the revision.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const row = await this.prisma.workflowRevision.findUnique({ where: key });
        if (row) return { revision: toRevisionRecord(row), created: false };
      }
      throw error;
    }
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
   * `MIN_REVISION_PREFIX` hex digits), or null. `AmbiguousRevisionError` when the prefix
   * matches several.
   */
  async get(scope: RevisionScope, ref: string): Promise<RevisionRecord | null> {
    const where = { workspaceDir: scope.workspaceDir, workflowName: scope.workflowName };
    const byId = await this.prisma.workflowRevision.findFirst({ where: { ...where, id: ref } });
    if (byId) return toRevisionRecord(byId);
    const prefix = ref.toLowerCase();
    if (prefix.length < MIN_REVISION_PREFIX || !/^[0-9a-f]+$/.test(prefix)) return null;
    const rows = await this.prisma.workflowRevision.findMany({
      where: { ...where, hash: { startsWith: prefix } },
      take: 2,
    });
    if (rows.length > 1) throw new AmbiguousRevisionError(scope.workflowName, ref);
    return rows[0] ? toRevisionRecord(rows[0]) : null;
  }
}
