'use client';

import Link from 'next/link';
import { RunButton } from '@/features/workflows/RunButton';
import badgeCss from '@/ui/Badges.module.css';
import buttonCss from '@/ui/button.module.css';
import textCss from '@/ui/text.module.css';
import styles from './editor.module.css';

/** The editor's bar: the name and save state, where Save writes, Save and Run. */
export function EditorToolbar({
  name,
  isTemplate,
  dirty,
  saveState,
  canSave,
  canRun,
  onSave,
}: {
  name: string;
  isTemplate: boolean;
  dirty: boolean;
  saveState: string;
  canSave: boolean;
  canRun: boolean;
  onSave: () => Promise<boolean>;
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
          <span
            className={`${textCss.muted} ${textCss.mono} ${styles.editorFile}`}
            title="Where Save writes"
          >
            {isTemplate ? `templates → .mia/workflows/${name}.yaml` : `.mia/workflows/${name}.yaml`}
          </span>
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
          <RunButton
            workflow={name}
            className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
            disabled={!canRun}
            beforeRun={dirty ? onSave : undefined}
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
    </>
  );
}
