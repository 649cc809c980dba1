import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionContext } from '@arcflow/engine';
import { firstLine, runGit } from './run-git.ts';

/**
 * Which of the working tree's changes a workflow made, so `git-commit` commits those and
 * not the user's work in progress nor Arcflow's own files.
 *
 * A change is the run's when its file was modified after the run started
 * (`ActionContext.runStartedAt`, which a resume keeps). Why the clock rather than a
 * `git status` snapshot taken at the start: a snapshot must be stored somewhere and read
 * back by whichever runner resumes or adopts the run, days later; the start time is already
 * part of the run. It also survives the branch switches earlier steps make (git leaves the
 * user's changed files untouched when it switches). Its limits: a file the user had changed
 * before the run and a step then changed again is committed whole, their edit included; and
 * a deleted file has no time to read (its directory's time changes with any new file next
 * to it), so a deletion is committed only when `paths` names it — it is left out, and said.
 */

type GitContext = Pick<ActionContext<unknown>, 'workspaceDir' | 'env' | 'signal' | 'log'>;

/**
 * Filesystems keep modification times to the second (ext3, HFS+) or two (FAT): a file a
 * step writes in the first moments of the run may carry a time slightly before its start.
 * Changes made this long before the start still count as the run's.
 */
export const CLOCK_SLACK_MS = 2_000;

/** Arcflow's own files in the workspace (`.mia/workflows/…`): never part of a commit. */
const ARCFLOW_DIR = /(^|\/)\.mia\//;

export interface RunChanges {
  /** The repository's top directory; `commit`, `before` and `arcflow` are relative to it. */
  top: string;
  /** Changed paths to commit (for a rename, both names). */
  commit: string[];
  /** Changed before the run started: the user's work, left as it is. */
  before: string[];
  /** Deleted, but when is unknown: left out unless `paths` names them. */
  deleted: string[];
  /** Under `.mia/`: Arcflow's workflows and state, left as they are. */
  arcflow: string[];
}

/**
 * The working tree's changes sorted into what to commit and what to leave. With `paths`
 * (pathspecs relative to the workspace) only changes under them count, whenever they were
 * made: the workflow named them.
 */
export async function runChanges(
  ctx: GitContext,
  runStartedAt: Date,
  paths?: readonly string[],
): Promise<RunChanges> {
  const topResult = await runGit(ctx, ['rev-parse', '--show-toplevel'], { quietStdout: true });
  const top = firstLine(topResult.stdout);
  const status = await runGit(
    ctx,
    ['status', '--porcelain=v1', '-z', '--untracked-files=all', ...(paths ? ['--', ...paths] : [])],
    { quietStdout: true },
  );
  const since = runStartedAt.getTime() - CLOCK_SLACK_MS;
  const changes: RunChanges = { top, commit: [], before: [], deleted: [], arcflow: [] };
  for (const entry of parseStatus(status.stdout)) {
    const names = [entry.path, ...(entry.from === undefined ? [] : [entry.from])];
    const modified = paths ? since : await modifiedAt(top, entry.path);
    if (names.some((name) => ARCFLOW_DIR.test(name))) changes.arcflow.push(entry.path);
    else if (modified === undefined) changes.deleted.push(entry.path);
    else if (modified >= since) changes.commit.push(...names);
    else changes.before.push(entry.path);
  }
  return changes;
}

interface StatusEntry {
  path: string;
  /** The old name of a renamed or copied file. */
  from?: string;
}

/** `git status --porcelain=v1 -z`: `XY path`, and for renames and copies the old path next. */
export function parseStatus(output: string): StatusEntry[] {
  const fields = output.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field.length < 4) continue;
    const code = field.slice(0, 2);
    const path = field.slice(3);
    if (code[0] === 'R' || code[0] === 'C') entries.push({ path, from: fields[++i] ?? '' });
    else entries.push({ path });
  }
  return entries;
}

/** When a file last changed, in ms; undefined when it is gone (deleted). */
async function modifiedAt(top: string, path: string): Promise<number | undefined> {
  return lstat(join(top, path)).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
}
