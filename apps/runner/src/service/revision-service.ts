import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import {
  AmbiguousRevisionError,
  type RecordedRevision,
  type RevisionHistoryEntry,
  type RevisionRecord,
  type RevisionSummary,
} from '@arcflow/db';
import { UserError } from '../errors.ts';
import { type Actor, actorUserId } from '../identity/actor.ts';
import type { Session } from '../session/session.ts';
import { writeFileAtomic } from '../workflows/customize.ts';
import { loadWorkflow } from '../workflows/load.ts';
import { workspaceWorkflowsDir } from '../workflows/locations.ts';
import type { WorkflowSource } from '../workflows/resolve.ts';
import { RevisionNotFoundError, WorkflowNotFoundError } from './errors.ts';
import { localPerson } from './local-person.ts';

/** What `current` stands for in a revision reference: the workflow's file on disk. */
export const CURRENT_REVISION = 'current';

/** A workflow as the revisions know it: its name, and its file when it still exists. */
export interface RevisionedWorkflow {
  name: string;
  source: WorkflowSource | null;
}

/** One side of a comparison: a stored revision, or the file on disk (`current`). */
export interface RevisionContent {
  label: string;
  yaml: string;
  revision: RevisionRecord | null;
}

/** What `restore` did: the revision it recorded (or found), the one it restored, the file. */
export interface RestoredRevision extends RecordedRevision {
  restoredFrom: RevisionRecord;
  /** The workspace file written, absolute. */
  file: string;
}

/** A workflow name that is also a safe file name (the API checks the same with zod). */
const WORKFLOW_NAME = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/** The message of the revision a restore records. */
export const restoredMessage = (shortId: string) => `restored ${shortId}`;

/**
 * The rules of workflow revisions: every content a workflow is saved or run with is recorded
 * (once per content), attributed to the local person for now; history and lookups by short id.
 */
export class RevisionService {
  constructor(
    private readonly session: Session,
    private readonly person: () => string = localPerson,
  ) {}

  /**
   * Records `yaml` as a revision of the workflow, or finds the revision that has it; by
   * `actor` when given (who saved it), else the local person.
   */
  record(
    workflowName: string,
    yaml: string,
    message?: string,
    actor?: Actor,
  ): Promise<RecordedRevision> {
    const userId = actor ? actorUserId(actor) : undefined;
    return this.session.store.revisions.record({
      workspaceDir: this.session.workspaceDir,
      workflowName,
      yaml,
      createdBy: actor?.name ?? this.person(),
      ...(userId ? { createdByUserId: userId } : {}),
      ...(message ? { message } : {}),
    });
  }

  /**
   * The workflow `ref` names (a name or a path, as `arcflow run` takes it); a name with no
   * file left still has its revisions. `WorkflowNotFoundError` when there is neither.
   */
  async workflow(ref: string): Promise<RevisionedWorkflow> {
    try {
      const { source, definition } = loadWorkflow(ref, this.session.workspaceDir);
      return {
        name: definition?.name ?? basename(source.absolutePath, extname(source.absolutePath)),
        source,
      };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const [any] = await this.list(ref, 1);
      if (!any) throw new WorkflowNotFoundError(error.message, error.exitCode, { cause: error });
      return { name: ref, source: null };
    }
  }

  /** The workflow's revisions, newest first, with their run counts. */
  list(workflowName: string, limit?: number): Promise<RevisionSummary[]> {
    return this.session.store.revisions.list(this.scope(workflowName), limit);
  }

  /** The workflow's revisions, newest first, each with its latest runs (newest first). */
  history(
    workflowName: string,
    options: { limit?: number; runs?: number } = {},
  ): Promise<RevisionHistoryEntry[]> {
    return this.session.store.revisions.history(this.scope(workflowName), options);
  }

  /**
   * One revision by id or hash prefix. `RevisionNotFoundError` when none matches, a
   * `UserError` when the prefix matches several.
   */
  async get(workflowName: string, ref: string): Promise<RevisionRecord> {
    let revision: RevisionRecord | null;
    try {
      revision = await this.session.store.revisions.get(this.scope(workflowName), ref);
    } catch (error) {
      if (error instanceof AmbiguousRevisionError) {
        throw new UserError(error.message, 2, { cause: error });
      }
      throw error;
    }
    if (!revision) throw new RevisionNotFoundError(workflowName, ref);
    return revision;
  }

  /** A revision by id or hash prefix, or the file on disk for `current`. */
  async content(workflow: RevisionedWorkflow, ref: string): Promise<RevisionContent> {
    if (ref === CURRENT_REVISION) {
      if (!workflow.source) {
        throw new WorkflowNotFoundError(`${workflow.name} has no file on disk any more`);
      }
      return { label: workflow.source.displayPath, yaml: workflow.source.text, revision: null };
    }
    const revision = await this.get(workflow.name, ref);
    return { label: `${workflow.name}@${revision.shortId}`, yaml: revision.yaml, revision };
  }

  /**
   * Makes a revision's content the workflow's again, without rewriting history: writes it to
   * the workspace's `.mia/workflows/<name>.yaml` (which customises a template-only workflow)
   * and records it as the newest revision, with the message `restored <shortId>`
   * (`created: false` only when the workflow already had that content).
   * Nothing is lost: a workspace file whose content is no revision yet (edited by hand) is
   * recorded first.
   */
  async restore(workflowName: string, ref: string, actor?: Actor): Promise<RestoredRevision> {
    if (!WORKFLOW_NAME.test(workflowName)) {
      throw new UserError(`"${workflowName}" is not a workflow name`);
    }
    const from = await this.get(workflowName, ref);
    const dir = workspaceWorkflowsDir(this.session.workspaceDir);
    const file = join(dir, `${workflowName}.yaml`);
    if (existsSync(file)) {
      const before = readFileSync(file, 'utf8');
      if (before !== from.yaml) {
        await this.record(workflowName, before, `before restoring ${from.shortId}`, actor);
      }
    }
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, from.yaml);
    const recorded = await this.record(
      workflowName,
      from.yaml,
      restoredMessage(from.shortId),
      actor,
    );
    return { ...recorded, restoredFrom: from, file };
  }

  private scope(workflowName: string) {
    return { workspaceDir: this.session.workspaceDir, workflowName };
  }
}
