'use client';

import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';
import styles from './account.module.css';
import { TOKEN_LIFETIMES } from './token-state';

/** A name for the new token (what it is for) and how long it lives. */
export function CreateTokenDialog({
  busy,
  error,
  onCreate,
  onClose,
}: {
  busy: boolean;
  error: string | null;
  onCreate: (input: { name?: string; expiresInDays?: number }) => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title="New API token"
      hint="The token is shown once, right after it is created."
      submitLabel="Create token"
      busy={busy}
      error={error}
      onClose={onClose}
      testId="create-token-dialog"
      onSubmit={(form) => {
        const name = String(form.get('name') ?? '').trim();
        const days = Number.parseInt(String(form.get('expires') ?? ''), 10);
        onCreate({
          ...(name ? { name } : {}),
          ...(Number.isFinite(days) ? { expiresInDays: days } : {}),
        });
      }}
    >
      <div className={styles.form}>
        <div className={formCss.field}>
          <label htmlFor="token-name">Name</label>
          <input
            id="token-name"
            name="name"
            className={formCss.input}
            maxLength={100}
            placeholder="e.g. ci-deploy"
            autoFocus
          />
          <span className={formCss.desc}>What it is for, so you recognise it later.</span>
        </div>
        <div className={formCss.field}>
          <label htmlFor="token-expires">Expires after</label>
          <select id="token-expires" name="expires" className={formCss.input} defaultValue="30">
            {TOKEN_LIFETIMES.map((lifetime) => (
              <option key={lifetime.label} value={lifetime.days ?? ''}>
                {lifetime.label}
              </option>
            ))}
          </select>
        </div>
      </div>
    </Dialog>
  );
}
