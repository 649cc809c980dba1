'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { RunButton } from '@/features/workflows/RunButton';
import { starterYaml } from '@/features/workflows/starter';
import type { Diagnostic } from '@/lib/api-types';
import { errorDiagnostics, errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import { DagView } from '@/ui/dag/DagView';
import dagCss from '@/ui/dag/DagView.module.css';
import legendCss from '@/ui/Legend.module.css';
import layoutCss from '@/ui/layout.module.css';
import { EmptyState, ErrorState, LoadingState } from '@/ui/States';
import textCss from '@/ui/text.module.css';
import styles from './editor.module.css';
import { LazyYamlEditor } from './LazyYamlEditor';
import { ProblemsList } from './ProblemsList';
import { findStepLines, readSteps } from './steps';
import { useLiveValidation } from './useLiveValidation';
import { useUnsavedChangesGuard } from './useUnsavedChangesGuard';
import type { EditorApi } from './YamlEditor';

export function EditorScreen({ name, isNew }: { name: string; isNew: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const detail = useQuery({
    ...trpc.workflows.get.queryOptions({ name }),
    enabled: !isNew,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const schema = useQuery({ ...trpc.workflows.jsonSchema.queryOptions(), staleTime: Infinity });

  const [text, setText] = useState<string | null>(isNew ? starterYaml(name) : null);
  const [savedText, setSavedText] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [refusalDiagnostics, setRefusalDiagnostics] = useState<Diagnostic[]>([]);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const editorApi = useRef<EditorApi | null>(null);

  // Load the stored YAML once; later refetches must not overwrite what the user types.
  useEffect(() => {
    if (detail.data && text === null) {
      setText(detail.data.yaml);
      setSavedText(detail.data.yaml);
    }
  }, [detail.data, text]);

  const file = detail.data?.file ?? `.mia/workflows/${name}.yaml`;
  const validation = useLiveValidation(text, file);
  const dirty = text !== null && text !== savedText;

  useUnsavedChangesGuard(dirty);

  const steps = useMemo(
    () => (validation.lastValidText ? readSteps(validation.lastValidText) : []),
    [validation.lastValidText],
  );

  const save = useMutation(trpc.workflows.save.mutationOptions());

  const doSave = useCallback(async (): Promise<boolean> => {
    if (text === null) return false;
    setRefusal(null);
    setRefusalDiagnostics([]);
    try {
      await save.mutateAsync({ name, yaml: text });
      setSavedText(text);
      setSavedAt(Date.now());
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.workflows.get.queryKey({ name }) });
      if (isNew) router.replace(`/workflows/${name}`);
      return true;
    } catch (e) {
      const problems = errorDiagnostics(e).filter((d) => d.severity === 'error');
      setRefusal(
        problems.length > 0
          ? `Not saved: the engine refuses it — ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix first, listed below.`
          : `Not saved: ${errorMessage(e)}`,
      );
      setRefusalDiagnostics(problems);
      return false;
    }
  }, [text, name, save, queryClient, trpc, isNew, router]);

  // Ctrl/Cmd+S anywhere on the page (Monaco handles it itself while focused).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void doSave();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doSave]);

  const revealStep = useCallback(
    (id: string) => {
      if (text === null) return;
      const lines = findStepLines(text, id);
      if (lines) editorApi.current?.revealLines(lines.start, lines.end);
    },
    [text],
  );

  if (!isNew && detail.isPending) return <LoadingState label={`Loading ${name}…`} />;
  if (!isNew && detail.isError) {
    const notFound = detail.error.data?.code === 'NOT_FOUND';
    return (
      <div className={layoutCss.page}>
        <div className={layoutCss.card}>
          {notFound ? (
            <EmptyState
              title={`No workflow named “${name}”`}
              action={
                <Link
                  className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnPrimary}`}
                  href={`/workflows/${name}?new=1`}
                >
                  Create it
                </Link>
              }
            >
              It is neither in the workspace nor among the templates.
            </EmptyState>
          ) : (
            <ErrorState
              title="Could not open the workflow"
              error={detail.error}
              onRetry={() => void detail.refetch()}
            />
          )}
        </div>
      </div>
    );
  }

  const isTemplate = detail.data?.origin === 'template' && savedAt === null;
  const shownDiagnostics =
    refusalDiagnostics.length > 0 && !validation.checking
      ? refusalDiagnostics
      : validation.diagnostics;
  const status = save.isPending
    ? 'Saving…'
    : dirty
      ? isNew && savedText === null
        ? 'Not saved yet'
        : 'Unsaved changes'
      : savedAt
        ? 'Saved'
        : 'No changes';

  return (
    <div className={styles.editorScreen}>
      <header className={styles.editorBar}>
        <div className={styles.editorTitle}>
          <Link href="/" className={`${textCss.muted} ${styles.editorCrumb}`}>
            Workflows /
          </Link>
          <h1 className={textCss.mono}>{name}</h1>
          {isTemplate ? <span className={badgeCss.badge}>template</span> : null}
          <span
            className={`${styles.saveState}${dirty ? ` ${styles.isDirty}` : ''}`}
            data-testid="save-state"
          >
            {dirty ? <span className={styles.dirtyDot} aria-hidden="true" /> : null}
            {status}
          </span>
        </div>
        <div className={styles.editorActions}>
          <span
            className={`${textCss.muted} ${textCss.mono} ${styles.editorFile}`}
            title="Where Save writes"
          >
            {isTemplate ? `templates → .mia/workflows/${name}.yaml` : `.mia/workflows/${name}.yaml`}
          </span>
          <button
            type="button"
            className={buttonCss.btn}
            onClick={() => void doSave()}
            disabled={text === null || save.isPending || (!dirty && !isTemplate)}
            data-testid="save"
            title="Save (Ctrl/Cmd+S)"
          >
            Save
            <kbd className={styles.kbd}>⌘S</kbd>
          </button>
          <RunButton
            workflow={name}
            className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
            disabled={validation.valid === false}
            beforeRun={dirty ? doSave : undefined}
            label={dirty ? 'Save & run' : 'Run'}
          />
        </div>
      </header>
      {isTemplate ? (
        <p className={styles.editorNote}>
          This is a built-in template. Saving writes your version to{' '}
          <code>.mia/workflows/{name}.yaml</code>, which overrides the template in this workspace.
        </p>
      ) : null}
      <div className={styles.editorSplit}>
        <div className={styles.editorLeft}>
          <div className={styles.editorPane} data-testid="yaml-editor">
            {text !== null ? (
              <LazyYamlEditor
                path={`${name}.yaml`}
                value={text}
                onChange={(next) => {
                  setText(next);
                  setRefusal(null);
                  setRefusalDiagnostics([]);
                }}
                schema={schema.data}
                diagnostics={validation.diagnostics}
                onSave={() => void doSave()}
                onReady={(api) => {
                  editorApi.current = api;
                }}
              />
            ) : null}
          </div>
          <ProblemsList
            diagnostics={shownDiagnostics}
            checking={validation.checking}
            refusal={
              refusal ??
              (validation.error ? `The runner could not check this: ${validation.error}` : null)
            }
            onReveal={(line, column) => editorApi.current?.revealPosition(line, column)}
          />
        </div>
        <aside className={styles.dagPane} aria-label="Workflow graph">
          <header className={styles.dagHead}>
            <strong>Arc</strong>
            <span className={textCss.muted}>
              {steps.length} {steps.length === 1 ? 'beat' : 'beats'}
              {validation.valid === false && steps.length > 0 ? ' · last valid version' : ''}
            </span>
            <span className={legendCss.legend}>
              <span className={`${legendCss.legendItem} uni-engineer`}>engineer</span>
              <span className={`${legendCss.legendItem} uni-ceremony`}>ceremony</span>
              <span className={`${legendCss.legendItem} uni-story`}>story</span>
            </span>
          </header>
          <div className={dagCss.dagCanvas} data-testid="dag">
            {steps.length > 0 ? (
              <DagView steps={steps} onSelect={revealStep} />
            ) : (
              <EmptyState
                title={
                  validation.checking || validation.valid === null
                    ? 'Reading the arc…'
                    : 'No graph yet'
                }
              >
                {validation.valid === false
                  ? 'The graph appears once the workflow is valid.'
                  : null}
              </EmptyState>
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}
