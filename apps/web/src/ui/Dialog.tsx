'use client';

import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import buttonCss from '@/ui/button.module.css';
import dialogCss from '@/ui/Dialog.module.css';
import formCss from '@/ui/form.module.css';

/** A modal form: shown while mounted, Escape or Cancel closes it. */
export function Dialog({
  title,
  hint,
  children,
  submitLabel,
  busy = false,
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
    if (!busy) onSubmit(new FormData(event.currentTarget));
  }

  return (
    <dialog
      ref={ref}
      className={dialogCss.dialog}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit}>
        <h2>{title}</h2>
        {hint ? <p className={dialogCss.hint}>{hint}</p> : null}
        {children}
        {error ? (
          <p className={formCss.formError} role="alert">
            {error}
          </p>
        ) : null}
        <div className={dialogCss.dialogActions}>
          <button type="button" className={buttonCss.btn} onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={`${buttonCss.btn} ${buttonCss.btnPrimary}`}
            disabled={busy}
          >
            {busy ? 'Working…' : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
