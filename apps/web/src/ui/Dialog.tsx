'use client';

import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';

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
      className="dialog"
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit}>
        <h2>{title}</h2>
        {hint ? <p className="hint">{hint}</p> : null}
        {children}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Working…' : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
