'use client';

import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import buttonCss from '@/ui/button.module.css';
import dialogCss from '@/ui/Dialog.module.css';
import formCss from '@/ui/form.module.css';

/**
 * A modal form: shown while mounted, Escape or Cancel closes it. Its body scrolls when it is
 * taller than the window; the title and the buttons stay in view. `wide` for long content,
 * `submitDisabled` (with `footnote` saying why) while the form may not be sent yet.
 */
export function Dialog({
  title,
  hint,
  children,
  submitLabel,
  busy = false,
  submitDisabled = false,
  footnote,
  wide = false,
  error,
  onSubmit,
  onClose,
  testId,
}: {
  title: string;
  hint?: ReactNode;
  children: ReactNode;
  submitLabel: string;
  busy?: boolean;
  submitDisabled?: boolean;
  footnote?: ReactNode;
  wide?: boolean;
  error?: string | null;
  onSubmit: (form: FormData) => void;
  onClose: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!busy && !submitDisabled) onSubmit(new FormData(event.currentTarget));
  }

  return (
    <dialog
      ref={ref}
      className={`${dialogCss.dialog}${wide ? ` ${dialogCss.wide}` : ''}`}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit}>
        <div className={dialogCss.dialogHead}>
          <h2>{title}</h2>
          {hint ? <p className={dialogCss.hint}>{hint}</p> : null}
        </div>
        <div className={dialogCss.dialogBody}>{children}</div>
        {error ? (
          <p className={`${formCss.formError} ${dialogCss.dialogError}`} role="alert">
            {error}
          </p>
        ) : null}
        <div className={dialogCss.dialogActions}>
          {footnote ? <span className={dialogCss.footnote}>{footnote}</span> : null}
          <button type="button" className={buttonCss.btn} onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
            disabled={busy || submitDisabled}
          >
            {busy ? 'Working…' : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
