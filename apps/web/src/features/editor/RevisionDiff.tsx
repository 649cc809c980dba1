'use client';

import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import { LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import { type Comparison, EDITOR_SIDE, type HistoryRevision, sideLabel } from './history';
import styles from './history.module.css';
import { LazyYamlDiff } from './LazyYamlDiff';

/** One side's text: a revision's YAML (fetched once; revisions never change) or the editor's. */
function useSideText(name: string, side: string, editorText: string) {
  const trpc = useTRPC();
  const isEditor = side === EDITOR_SIDE;
  const query = useQuery({
    ...trpc.workflows.revision.queryOptions({ name, ref: side }),
    enabled: !isEditor,
    staleTime: Infinity,
  });
  if (isEditor) return { text: editorText, error: null };
  return { text: query.data?.yaml ?? null, error: query.error };
}

function SidePicker({
  label,
  value,
  revisions,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  revisions: readonly HistoryRevision[];
  onChange: (side: string) => void;
  testId: string;
}) {
  return (
    <label className={styles.diffPicker}>
      <span className={textCss.muted}>{label}</span>
      <select
        className={`${formCss.input} ${styles.diffSelect}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      >
        {revisions.map((r) => (
          <option key={r.id} value={r.id}>
            {sideLabel(revisions, r.id)}
          </option>
        ))}
        <option value={EDITOR_SIDE}>{sideLabel(revisions, EDITOR_SIDE)}</option>
      </select>
    </label>
  );
}

/**
 * Two versions of the workflow side by side (Monaco's diff editor): any two revisions, or a
 * revision and the editor's text; older on the left by convention, but either side can be any.
 */
export function RevisionDiff({
  name,
  revisions,
  comparison,
  editorText,
  onChange,
  onClose,
}: {
  name: string;
  revisions: readonly HistoryRevision[];
  comparison: Comparison;
  editorText: string;
  onChange: (comparison: Comparison) => void;
  onClose: () => void;
}) {
  const from = useSideText(name, comparison.from, editorText);
  const to = useSideText(name, comparison.to, editorText);
  const error = from.error ?? to.error;
  const same = from.text !== null && from.text === to.text;

  return (
    <section className={styles.diff} aria-label="Revision diff" data-testid="revision-diff">
      <header className={styles.diffBar}>
        <strong className={styles.diffTitle}>Compare</strong>
        <SidePicker
          label="from"
          value={comparison.from}
          revisions={revisions}
          onChange={(side) => onChange({ ...comparison, from: side })}
          testId="diff-from"
        />
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnGhost}`}
          onClick={() => onChange({ from: comparison.to, to: comparison.from })}
          title="Swap the sides"
          aria-label="Swap the sides"
        >
          ⇄
        </button>
        <SidePicker
          label="to"
          value={comparison.to}
          revisions={revisions}
          onChange={(side) => onChange({ ...comparison, to: side })}
          testId="diff-to"
        />
        {same ? <span className={textCss.muted}>identical</span> : null}
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnSm} ${styles.diffClose}`}
          onClick={onClose}
        >
          Back to the editor
        </button>
      </header>
      <div className={styles.diffPane} data-testid="diff-editor">
        {error ? (
          <p className={`${formCss.formError} ${styles.diffError}`} role="alert">
            {errorMessage(error)}
          </p>
        ) : from.text === null || to.text === null ? (
          <LoadingState label="Loading the revisions…" />
        ) : (
          <LazyYamlDiff original={from.text} modified={to.text} />
        )}
      </div>
    </section>
  );
}
