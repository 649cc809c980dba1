'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMe } from '@/features/auth/useMe';
import { can, readOnlyHint } from '@/lib/roles';
import { useTRPC } from '@/lib/trpc';
import type { StepNode } from '@/ui/dag/types';
import { LoadingState } from '@/ui/States';
import { DagPane } from './DagPane';
import { EditorLoadError } from './EditorLoadError';
import { EditorToolbar } from './EditorToolbar';
import styles from './editor.module.css';
import { HistoryPanel } from './HistoryPanel';
import type { Comparison } from './history';
import { LazyYamlEditor, preloadYamlEditor } from './LazyYamlEditor';
import { ProblemsList } from './ProblemsList';
import { RevisionDiff } from './RevisionDiff';
import { findStepLines } from './steps';
import { TriggersPanel } from './TriggersPanel';
import { useLiveValidation } from './useLiveValidation';
import { useStepsOutline } from './useStepsOutline';
import { useUnsavedChangesGuard } from './useUnsavedChangesGuard';
import { useWorkflowDocument } from './useWorkflowDocument';
import { useWorkflowHistory } from './useWorkflowHistory';
import type { EditorApi } from './YamlEditor';

/** How long the graph waits for Monaco before it is drawn anyway. */
const GRAPH_WAITS_FOR_EDITOR_MS = 10_000;
const NO_STEPS: StepNode[] = [];

/**
 * The editor page: the toolbar above Monaco and its problems, with the live DAG — or the
 * revision history — beside them; a side-by-side diff of two revisions takes their place.
 */
export function EditorScreen({
  name,
  isNew,
  focusRevision = null,
}: {
  name: string;
  isNew: boolean;
  /** A revision to show in the history (`?revision=<id or short id>`, e.g. from a run page). */
  focusRevision?: string | null;
}) {
  const trpc = useTRPC();
  const schema = useQuery({ ...trpc.workflows.jsonSchema.queryOptions(), staleTime: Infinity });
  const { role } = useMe();
  // Below admin the editor only shows: the runner refuses save, restore and customise anyway.
  const mayEdit = can(role, 'edit');
  const mayRun = can(role, 'operate');
  const doc = useWorkflowDocument(name, isNew, !mayEdit);
  const validation = useLiveValidation(doc.text, doc.file, doc.loadedCheck);
  const editorApi = useRef<EditorApi | null>(null);
  useUnsavedChangesGuard(doc.dirty);
  const [showHistory, setShowHistory] = useState(focusRevision !== null);
  const [showTriggers, setShowTriggers] = useState(false);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  // A new workflow has no history until its first save replaces the URL.
  const revisions = useWorkflowHistory(name, showHistory && !isNew, doc.adoptSaved);

  const steps = useStepsOutline(validation.lastValidText);
  // The text first, then the graph: laying out thousands of steps must not hold Monaco back
  // (nor wait for it forever, should it fail to load).
  const [editorReady, setEditorReady] = useState(false);
  useEffect(() => preloadYamlEditor(), []);
  useEffect(() => {
    const timer = setTimeout(() => setEditorReady(true), GRAPH_WAITS_FOR_EDITOR_MS);
    return () => clearTimeout(timer);
  }, []);
  const { text } = doc;
  const { lastValidText } = validation;
  const revealStep = useCallback(
    (id: string) => {
      if (text === null) return;
      // The outline already knows the lines while the text is the one it was read from.
      const known = text === lastValidText ? steps.find((s) => s.id === id) : undefined;
      const lines = known
        ? { start: known.startLine, end: known.endLine }
        : findStepLines(text, id);
      if (lines) editorApi.current?.revealLines(lines.start, lines.end);
    },
    [text, lastValidText, steps],
  );

  if (!isNew && doc.detail.isPending) return <LoadingState label={`Loading ${name}…`} />;
  if (!isNew && doc.detail.isError) {
    return (
      <EditorLoadError
        name={name}
        error={doc.detail.error}
        onRetry={() => void doc.detail.refetch()}
      />
    );
  }

  // A refusal lists the engine's problems until the live check has caught up with the edit.
  const shownDiagnostics =
    doc.refusalDiagnostics.length > 0 && !validation.checking
      ? doc.refusalDiagnostics
      : validation.diagnostics;

  return (
    <div className={styles.editorScreen}>
      <EditorToolbar
        name={name}
        isTemplate={doc.isTemplate}
        dirty={doc.dirty}
        saveState={doc.saveState}
        canSave={text !== null && !doc.saving && (doc.dirty || doc.isTemplate)}
        canRun={validation.valid !== false}
        readOnlyHint={readOnlyHint(role, 'edit')}
        mayEdit={mayEdit}
        mayRun={mayRun}
        onSave={doc.save}
        message={doc.message}
        onMessageChange={doc.setMessage}
        historyOpen={showHistory}
        canShowHistory={!isNew}
        onToggleHistory={() => {
          setShowTriggers(false);
          setShowHistory((open) => !open);
        }}
        triggersOpen={showTriggers && !showHistory}
        onToggleTriggers={() => {
          setShowHistory(false);
          setShowTriggers((open) => !open);
        }}
      />
      {comparison && text !== null ? (
        <RevisionDiff
          name={name}
          revisions={revisions.history.data?.revisions ?? []}
          comparison={comparison}
          editorText={text}
          onChange={setComparison}
          onClose={() => setComparison(null)}
        />
      ) : null}
      <div className={styles.editorSplit} hidden={comparison !== null}>
        <div className={styles.editorLeft}>
          <div className={styles.editorPane} data-testid="yaml-editor">
            {text !== null ? (
              <LazyYamlEditor
                path={`${name}.yaml`}
                value={text}
                onChange={doc.edit}
                readOnly={!mayEdit}
                schema={schema.data}
                diagnostics={validation.diagnostics}
                onSave={() => void doc.save()}
                onReady={(api) => {
                  editorApi.current = api;
                  setEditorReady(true);
                }}
              />
            ) : null}
          </div>
          <ProblemsList
            diagnostics={shownDiagnostics}
            checking={validation.checking}
            refusal={
              doc.refusal ??
              (validation.error ? `The runner could not check this: ${validation.error}` : null)
            }
            onReveal={(line, column) => editorApi.current?.revealPosition(line, column)}
          />
        </div>
        {showHistory ? (
          <HistoryPanel
            history={revisions.history}
            dirty={doc.dirty}
            restoring={revisions.restoring}
            focus={focusRevision}
            notice={revisions.notice}
            onCompare={setComparison}
            onRestore={mayEdit ? revisions.restore : undefined}
            onDismissNotice={revisions.dismissNotice}
            onClose={() => setShowHistory(false)}
          />
        ) : showTriggers && !isNew ? (
          <TriggersPanel
            name={name}
            savedMarker={doc.dirty ? '' : doc.saveState}
            onClose={() => setShowTriggers(false)}
          />
        ) : (
          <DagPane
            steps={editorReady ? steps : NO_STEPS}
            valid={validation.valid}
            checking={validation.checking || !editorReady}
            onSelect={revealStep}
          />
        )}
      </div>
    </div>
  );
}
