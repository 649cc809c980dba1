'use client';

import { useQuery } from '@tanstack/react-query';
import type { StepApproval } from '@/lib/api-types';
import { errorMessage } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';
import { approvalRuleText, fourEyesText, signingAs } from './approval-rule';
import styles from './DecisionDialog.module.css';

/**
 * Approve or reject a waiting ceremony step. The runner records who decides (the signed-in
 * person, or the local person): the dialog says who that is, the step's rule and where it
 * stands, and — when the runner would refuse this person — why, with the decision disabled.
 */
export function DecisionDialog({
  runId,
  stepId,
  decision,
  signer,
  mode,
  approval,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  runId: string;
  stepId: string;
  decision: 'approve' | 'reject';
  signer: { name: string; role: string } | null;
  /** The runner's mode: a local runner checks no rule. */
  mode: 'local' | 'team';
  approval: StepApproval | null;
  busy: boolean;
  error: string | null;
  onSubmit: (comment: string | undefined) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const allowed = useQuery({
    ...trpc.runs.canDecide.queryOptions({ runId, stepId }),
    staleTime: 0,
    retry: false,
  });
  const verdict = allowed.data;
  const refused = verdict && !verdict.ok ? verdict.reason : null;
  const fourEyes = approval ? fourEyesText(approval, mode) : null;

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
      submitDisabled={refused !== null || allowed.isPending}
      footnote={allowed.isPending ? 'Checking…' : undefined}
      error={error}
      onClose={onClose}
      testId="decision-dialog"
      onSubmit={(form) => {
        const comment = String(form.get('comment') ?? '').trim();
        onSubmit(comment || undefined);
      }}
    >
      {signer ? (
        <p className={styles.signer} data-testid="decision-signer">
          {signingAs(signer)}
        </p>
      ) : null}
      {approval ? (
        <div className={styles.rule} data-testid="decision-rule">
          <span>{approvalRuleText(approval)}</span>
          {fourEyes ? <span className={styles.fourEyes}>{fourEyes}</span> : null}
        </div>
      ) : null}
      {refused ? (
        <p className={styles.refused} role="note" data-testid="decision-refused">
          {refused}
        </p>
      ) : null}
      {allowed.isError ? (
        <p className={styles.refused} role="note">
          Could not check whether you may decide: {errorMessage(allowed.error)}
        </p>
      ) : null}
      <div className={formCss.field}>
        <label htmlFor="decision-comment">
          Comment <span className={styles.optional}>optional</span>
        </label>
        <textarea
          id="decision-comment"
          name="comment"
          className={`${formCss.input} ${formCss.textarea}`}
          maxLength={2000}
          rows={3}
          disabled={refused !== null}
        />
      </div>
    </Dialog>
  );
}
