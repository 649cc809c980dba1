'use client';

import type { ReactNode } from 'react';
import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';
import textCss from '@/ui/text.module.css';

export const NAME_PATTERN = '[a-z0-9][a-z0-9_\\-]*';

/** Asks for a workflow name (the API's rule: lowercase, digits, - and _). */
export function NameDialog({
  title,
  hint,
  submitLabel,
  defaultName,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  title: string;
  hint?: ReactNode;
  submitLabel: string;
  defaultName?: string;
  busy?: boolean;
  error?: string | null;
  onSubmit: (name: string) => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={title}
      hint={hint}
      submitLabel={submitLabel}
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={(form) => onSubmit(String(form.get('name') ?? '').trim())}
      testId="name-dialog"
    >
      <div className={formCss.field}>
        <label htmlFor="workflow-name">Name</label>
        <input
          id="workflow-name"
          name="name"
          className={`${formCss.input} ${textCss.mono}`}
          required
          maxLength={100}
          pattern={NAME_PATTERN}
          defaultValue={defaultName}
          placeholder="my-workflow"
          autoComplete="off"
          autoFocus
        />
        <span className={formCss.desc}>
          Lowercase letters, digits, - and _. Saved as .mia/workflows/&lt;name&gt;.yaml
        </span>
      </div>
    </Dialog>
  );
}
