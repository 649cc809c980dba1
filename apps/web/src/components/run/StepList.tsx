import { StatusBadge } from '@/components/ui/Badges';
import type { RunStep } from '@/lib/api-types';
import { duration } from '@/lib/format';

/** The run's steps in definition order, with status, attempts and time. */
export function StepList({
  steps,
  onDecide,
}: {
  steps: RunStep[];
  onDecide: (stepId: string, decision: 'approve' | 'reject') => void;
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
            className={`run-step uni-${step.universe}`}
            data-testid={`step-${step.id}`}
            data-status={step.status}
          >
            <div className="run-step-main">
              <div className="run-step-title">
                <span className="mono run-step-id">{step.id}</span>
                <span className="mono muted">{step.action}</span>
              </div>
              <div className="run-step-beat">
                {step.beat ?? <span className="muted">no beat</span>}
              </div>
              {step.status === 'failed' && lastFailure?.message ? (
                <div className="run-step-failure">{lastFailure.message}</div>
              ) : null}
            </div>
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
