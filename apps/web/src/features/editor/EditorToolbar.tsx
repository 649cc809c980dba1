'use client';

import Link from 'next/link';
import { RunButton } from '@/features/workflows/RunButton';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import formCss from '@/ui/form.module.css';
import textCss from '@/ui/text.module.css';
import styles from './editor.module.css';

/**
 * The editor's bar: the name and save state, where Save writes, the message the save records
 * with its revision, Save, History and Run.
 */
export function EditorToolbar({
  name,
  isTemplate,
  dirty,
  saveState,
  canSave,
  canRun,
  mayEdit,
  mayRun,
  readOnlyHint,
  onSave,
  message,
  onMessageChange,
  historyOpen,
  canShowHistory,
  onToggleHistory,
  triggersOpen,
  onToggleTriggers,
}: {
  name: string;
  isTemplate: boolean;
  dirty: boolean;
  saveState: string;
  canSave: boolean;
  canRun: boolean;
  /** The caller's role may save (admin); otherwise the editor is read-only. */
  mayEdit: boolean;
  /** The caller's role may start runs (operator and up). */
  mayRun: boolean;
  readOnlyHint: string | null;
  onSave: () => Promise<boolean>;
  message: string;
  onMessageChange: (message: string) => void;
  historyOpen: boolean;
  canShowHistory: boolean;
  onToggleHistory: () => void;
  triggersOpen: boolean;
  onToggleTriggers: () => void;
}) {
  return (
    <>
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
            {saveState}
          </span>
        </div>
        <div className={styles.editorActions}>
          {mayEdit ? (
            <span
              className={`${textCss.muted} ${textCss.mono} ${styles.editorFile}`}
              title="Where Save writes"
            >
              {isTemplate
                ? `templates → .mia/workflows/${name}.yaml`
                : `.mia/workflows/${name}.yaml`}
            </span>
          ) : (
            <span className={textCss.muted} data-testid="read-only-hint">
              {readOnlyHint ?? 'read-only'}
            </span>
          )}
          {mayEdit ? (
            <input
              className={`${formCss.input} ${styles.messageInput}`}
              value={message}
              onChange={(event) => onMessageChange(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && canSave) {
                  event.preventDefault();
                  void onSave();
                }
              }}
              maxLength={500}
              placeholder="Revision message (optional)"
              aria-label="Revision message"
              title="Recorded with the revision this save creates"
            />
          ) : null}
          {mayEdit ? (
            <button
              type="button"
              className={buttonCss.btn}
              onClick={() => void onSave()}
              disabled={!canSave}
              data-testid="save"
              title="Save (Ctrl/Cmd+S)"
            >
              Save
              <kbd className={styles.kbd}>⌘S</kbd>
            </button>
          ) : null}
          <button
            type="button"
            className={`${buttonCss.btn}${historyOpen ? ` ${styles.toggleOn}` : ''}`}
            onClick={onToggleHistory}
            disabled={!canShowHistory}
            aria-pressed={historyOpen}
            title={canShowHistory ? 'Revisions, their runs, diffs and restore' : 'Save it first'}
          >
            History
          </button>
          <button
            type="button"
            className={`${buttonCss.btn}${triggersOpen ? ` ${styles.toggleOn}` : ''}`}
            onClick={onToggleTriggers}
            disabled={!canShowHistory}
            aria-pressed={triggersOpen}
            title={
              canShowHistory
                ? 'What starts this workflow: pushes, schedules and their next times, webhooks'
                : 'Save it first'
            }
          >
            Triggers
          </button>
          {mayRun ? (
            <RunButton
              workflow={name}
              className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
              disabled={!canRun}
              beforeRun={dirty && mayEdit ? onSave : undefined}
              label={dirty && mayEdit ? 'Save & run' : 'Run'}
            />
          ) : null}
        </div>
      </header>
      {isTemplate && mayEdit ? (
        <p className={styles.editorNote}>
          This is a built-in template. Saving writes your version to{' '}
          <code>.mia/workflows/{name}.yaml</code>, which overrides the template in this workspace.
        </p>
      ) : null}
    </>
  );
}
