import type { RunStep } from '@/lib/api-types';
import { duration } from '@/lib/format';
import { StatusBadge } from '@/ui/Badges';
import styles from './run.module.css';

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
    <ol className="run-steps" data-testid="run-steps">
      {steps.map((step) => {
        const lastFailure = step.attemptHistory.at(-1)?.failure as
          | { message?: string }
          | null
          | undefined;
        return (
          <li
            key={step.id}
            className={`run-step uni-${step.universe}${step.id === selectedStepId ? ` ${styles.stepSelected}` : ''}`}
            data-testid={`step-${step.id}`}
            data-status={step.status}
          >
            <button
              type="button"
              className={`run-step-main ${styles.stepMain}`}
              aria-pressed={step.id === selectedStepId}
              title={`Show the log of ${step.id}`}
              onClick={() => onSelect?.(step.id)}
            >
              <span className="run-step-title">
                <span className="mono run-step-id">{step.id}</span>
                <span className="mono muted">{step.action}</span>
              </span>
              <span className="run-step-beat">
                {step.beat ?? <span className="muted">no beat</span>}
              </span>
              {step.status === 'failed' && lastFailure?.message ? (
                <span className="run-step-failure">{lastFailure.message}</span>
              ) : null}
            </button>
            <div className="run-step-side">
              <StatusBadge status={step.status} />
              <span className="muted run-step-meta">
                {step.attempts > 1 ? `${step.attempts} attempts · ` : ''}
                {duration(step.startedAt, step.finishedAt)}
              </span>
              {step.status === 'waiting' ? (
                <span className="run-step-decide">
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => onDecide(step.id, 'approve')}
                  >
                    Approve
                  </button>
                  <button
                    type="button"
                    className="btn btn-sm btn-danger"
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
