import type { AppRouter } from '@arcflow/runner';
import type { inferRouterOutputs } from '@trpc/server';

/** What `workflows.history` answers. */
export type WorkflowHistory = inferRouterOutputs<AppRouter>['workflows']['history'];

/** One revision as the history panel shows it. */
export type HistoryRevision = WorkflowHistory['revisions'][number];

/** What `EDITOR_SIDE` stands for in a comparison: the text in the editor now, saved or not. */
export const EDITOR_SIDE = 'editor';

/** The two sides of a side-by-side diff: revision ids, or `EDITOR_SIDE`. */
export interface Comparison {
  from: string;
  to: string;
}

/**
 * What a revision changed: the revision before it (older) against it; the oldest revision
 * has nothing before it, so it is compared with the editor instead.
 */
export function changesOf(revisions: readonly HistoryRevision[], id: string): Comparison {
  const index = revisions.findIndex((r) => r.id === id);
  const previous = index >= 0 ? revisions[index + 1] : undefined;
  return previous ? { from: previous.id, to: id } : { from: id, to: EDITOR_SIDE };
}

/** A revision against the editor's text. */
export function againstEditor(id: string): Comparison {
  return { from: id, to: EDITOR_SIDE };
}

/** How a side is named in the diff's pickers and headings. */
export function sideLabel(revisions: readonly HistoryRevision[], side: string): string {
  if (side === EDITOR_SIDE) return 'Editor (current text)';
  const revision = revisions.find((r) => r.id === side);
  if (!revision) return 'unknown revision';
  return revision.message ? `${revision.shortId} · ${revision.message}` : revision.shortId;
}

/** The revision whose content is the workflow's file now, if any. */
export function currentRevisionId(
  revisions: readonly HistoryRevision[],
  currentHash: string | null,
): string | null {
  if (!currentHash) return null;
  return revisions.find((r) => r.hash === currentHash)?.id ?? null;
}

/** "3 runs", or "12 runs, latest 10 shown" when the panel lists only some. */
export function runsCaption(revision: HistoryRevision): string {
  const { runCount, runs } = revision;
  const total = `${runCount} ${runCount === 1 ? 'run' : 'runs'}`;
  return runs.length < runCount ? `${total}, latest ${runs.length} shown` : total;
}

/** What the panel says after a restore. */
export function restoredNotice(result: {
  restoredFrom: { shortId: string };
  revision: { shortId: string; created: boolean };
}): string {
  const { restoredFrom, revision } = result;
  // The restored content has the same hash, so the same short id, as the revision it came from.
  return revision.created
    ? `Restored ${restoredFrom.shortId} as the newest revision; every earlier revision is kept.`
    : `Restored ${restoredFrom.shortId}: the workflow already had that content, so nothing changed.`;
}

/** The revision a reference names: by id, else the newest with that short id (or hash prefix). */
export function focusedRevisionId(
  revisions: readonly HistoryRevision[],
  ref: string | null,
): string | null {
  if (!ref) return null;
  const byId = revisions.find((r) => r.id === ref);
  if (byId) return byId.id;
  const prefix = ref.toLowerCase();
  return revisions.find((r) => r.hash.startsWith(prefix))?.id ?? null;
}
