'use client';

import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';
import styles from './admin.module.css';

/** A secret's name, scope and value; the value goes in a password field and is never shown. */
export function SetSecretDialog({
  initial,
  busy,
  error,
  onSet,
  onClose,
}: {
  /** An empty name: a new secret; otherwise a new value for this one. */
  initial: { name: string; workflow: string };
  busy: boolean;
  error: string | null;
  onSet: (input: { name: string; value: string; workflow?: string }) => void;
  onClose: () => void;
}) {
  const existing = initial.name !== '';
  return (
    <Dialog
      title={existing ? `New value for ${initial.name}` : 'Set a secret'}
      hint="The value is encrypted on the runner and never displayed again."
      submitLabel={existing ? 'Replace value' : 'Set secret'}
      busy={busy}
      error={error}
      onClose={onClose}
      testId="set-secret-dialog"
      onSubmit={(form) => {
        const workflow = String(form.get('workflow') ?? '').trim();
        onSet({
          name: String(form.get('name') ?? '').trim(),
          value: String(form.get('value') ?? ''),
          ...(workflow ? { workflow } : {}),
        });
      }}
    >
      <div className={formCss.field}>
        <label htmlFor="secret-name">Name</label>
        <input
          id="secret-name"
          name="name"
          className={`${formCss.input} ${styles.mono}`}
          defaultValue={initial.name}
          readOnly={existing}
          required
          pattern="[A-Za-z_][A-Za-z0-9_]*"
          title="Letters, digits and underscores, not starting with a digit"
          placeholder="DEPLOY_KEY"
          autoCapitalize="characters"
          spellCheck={false}
        />
      </div>
      <div className={formCss.field}>
        <label htmlFor="secret-workflow">Workflow</label>
        <input
          id="secret-workflow"
          name="workflow"
          className={`${formCss.input} ${styles.mono}`}
          defaultValue={initial.workflow}
          readOnly={existing}
          placeholder="all workflows"
          spellCheck={false}
        />
        <span className={formCss.desc}>Empty: every workflow may read it.</span>
      </div>
      <div className={formCss.field}>
        <label htmlFor="secret-value">Value</label>
        <input
          id="secret-value"
          name="value"
          type="password"
          className={formCss.input}
          autoComplete="new-password"
          required
          autoFocus={existing}
        />
      </div>
    </Dialog>
  );
}
