import type { RunStep } from '@/lib/api-types';
import { duration } from '@/lib/format';
import { StatusBadge } from '@/ui/Badges';
import buttonCss from '@/ui/button.module.css';
import textCss from '@/ui/text.module.css';
import styles from './StepList.module.css';

/** The run's steps in definition order, with status, attempts and time. */
export function StepList({
  steps,
  onDecide,
  selectedStepId = null,
  onSelect,
}: {
  steps: RunStep[];
  onDecide: (stepId: string, decision: 'approve' | 'reject') => void;
  selectedStepId?: string | null;
  onSelect?: (stepId: string) => void;
}) {
  return (
    <ol className={styles.steps} data-testid="run-steps">
      {steps.map((step) => {
        const lastFailure = step.attemptHistory.at(-1)?.failure as
          | { message?: string }
          | null
          | undefined;
        return (
          <li
            key={step.id}
            className={`${styles.step} uni-${step.universe}${step.id === selectedStepId ? ` ${styles.selected}` : ''}`}
            data-testid={`step-${step.id}`}
            data-status={step.status}
          >
            <button
              type="button"
              className={styles.main}
              aria-pressed={step.id === selectedStepId}
              title={`Show the log of ${step.id}`}
              onClick={() => onSelect?.(step.id)}
            >
              <span className={styles.title}>
                <span className={`${textCss.mono} ${styles.id}`}>{step.id}</span>
                <span className={`${textCss.mono} ${textCss.muted}`}>{step.action}</span>
              </span>
              <span className={styles.beat}>
                {step.beat ?? <span className={textCss.muted}>no beat</span>}
              </span>
              {step.status === 'failed' && lastFailure?.message ? (
                <span className={styles.failure}>{lastFailure.message}</span>
              ) : null}
            </button>
            <div className={styles.side}>
              <StatusBadge status={step.status} />
              <span className={`${textCss.muted} ${styles.meta}`}>
                {step.attempts > 1 ? `${step.attempts} attempts · ` : ''}
                {duration(step.startedAt, step.finishedAt)}
              </span>
              {step.status === 'waiting' ? (
                <span className={styles.decide}>
                  <button
                    type="button"
                    className={`${buttonCss.btn} ${buttonCss.btnSm}`}
                    onClick={() => onDecide(step.id, 'approve')}
                  >
                    Approve
                  </button>
                  <button
                    type="button"
                    className={`${buttonCss.btn} ${buttonCss.btnSm} ${buttonCss.btnDanger}`}
                    onClick={() => onDecide(step.id, 'reject')}
                  >
                    Reject
                  </button>
                </span>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
