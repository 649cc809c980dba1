'use client';

import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';

const REVIEWER_KEY = 'arcflow-reviewer';

function storedReviewer(): string {
  try {
    return localStorage.getItem(REVIEWER_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Approve or reject a waiting ceremony step: who decides, and an optional comment. */
export function DecisionDialog({
  stepId,
  decision,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  stepId: string;
  decision: 'approve' | 'reject';
  busy: boolean;
  error: string | null;
  onSubmit: (by: string, comment: string | undefined) => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={`${decision === 'approve' ? 'Approve' : 'Reject'} ${stepId}`}
      hint={
        decision === 'reject'
          ? 'The step fails, with your words as its tension.'
          : 'Your approval lets the arc go on.'
      }
      submitLabel={decision === 'approve' ? 'Approve' : 'Reject'}
      busy={busy}
      error={error}
      onClose={onClose}
      testId="decision-dialog"
      onSubmit={(form) => {
        const by = String(form.get('by') ?? '').trim();
        const comment = String(form.get('comment') ?? '').trim();
        try {
          localStorage.setItem(REVIEWER_KEY, by);
        } catch {
          // Not remembered; no harm.
        }
        onSubmit(by, comment || undefined);
      }}
    >
      <div className={formCss.field}>
        <label htmlFor="decision-by">Your name</label>
        <input
          id="decision-by"
          name="by"
          className={formCss.input}
          required
          maxLength={100}
          defaultValue={storedReviewer()}
        />
      </div>
      <div className={formCss.field}>
        <label htmlFor="decision-comment">Comment</label>
        <textarea
          id="decision-comment"
          name="comment"
          className={`${formCss.input} ${formCss.textarea}`}
          maxLength={2000}
          rows={3}
        />
      </div>
    </Dialog>
  );
}
