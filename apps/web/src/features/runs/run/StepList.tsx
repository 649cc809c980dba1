import type { RunStep } from '@/lib/api-types';
import { duration } from '@/lib/format';
import { STATUS_LABEL } from '@/lib/statuses';
import { StatusBadge } from '@/ui/Badges';
import buttonCss from '@/ui/button.module.css';
import textCss from '@/ui/text.module.css';
import { approvalRuleText, stepApproval } from './approval-rule';
import { reusedNote } from './retell';
import styles from './StepList.module.css';

/**
 * The run's steps in definition order, with status, every attempt and time; a step a rerun
 * took over says from which run; steps cut from the story when the run went on with a newer
 * definition follow, greyed.
 */
export function StepList({
  steps,
  removedSteps = [],
  onDecide,
  decideHint = null,
  selectedStepId = null,
  onSelect,
  onStepMenu,
}: {
  steps: RunStep[];
  removedSteps?: RunStep[];
  /** Absent when the caller may not decide: `decideHint` says so in place of the buttons. */
  onDecide?: (stepId: string, decision: 'approve' | 'reject') => void;
  decideHint?: string | null;
  selectedStepId?: string | null;
  onSelect?: (stepId: string) => void;
  /** Opens a step's re-telling menu (the DAG node's), under its "⋯" button. */
  onStepMenu?: (at: { id: string; x: number; y: number }) => void;
}) {
  return (
    <>
      <ol className={styles.steps} data-testid="run-steps">
        {steps.map((step) => {
          const lastFailure = step.attemptHistory.at(-1)?.failure as
            | { message?: string }
            | null
            | undefined;
          const reused = reusedNote(step);
          const approval = stepApproval(step);
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
                {reused ? (
                  <span className={styles.reused} data-testid={`reused-${step.id}`}>
                    ↺ {reused}
                  </span>
                ) : null}
                {step.attemptHistory.length > 1 ? (
                  <Attempts attempts={step.attemptHistory} />
                ) : null}
                {step.status === 'waiting' && approval ? (
                  <span className={styles.rule} data-testid={`approval-rule-${step.id}`}>
                    {approvalRuleText(approval)}
                  </span>
                ) : null}
              </button>
              <div className={styles.side}>
                <span className={styles.statusRow}>
                  <StatusBadge status={step.status} />
                  {onStepMenu ? (
                    <button
                      type="button"
                      className={`${buttonCss.btn} ${buttonCss.btnGhost} ${styles.more}`}
                      aria-label={`Retry or rerun ${step.id}`}
                      title="Retry or rerun this step"
                      data-testid={`step-menu-${step.id}`}
                      onClick={(e) => {
                        const box = e.currentTarget.getBoundingClientRect();
                        onStepMenu({ id: step.id, x: box.right - 240, y: box.bottom + 4 });
                      }}
                    >
                      ⋯
                    </button>
                  ) : null}
                </span>
                <span className={`${textCss.muted} ${styles.meta}`}>
                  {step.attempts > 1 ? `${step.attempts} attempts · ` : ''}
                  {duration(step.startedAt, step.finishedAt)}
                </span>
                {step.status === 'waiting' && !onDecide && decideHint ? (
                  <span className={`${textCss.muted} ${styles.meta}`} data-testid="decide-hint">
                    {decideHint}
                  </span>
                ) : null}
                {step.status === 'waiting' && onDecide ? (
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
      {removedSteps.length > 0 ? (
        <div className={styles.removed} data-testid="removed-steps">
          <h3 className={styles.removedTitle}>Cut from the story</h3>
          <ol className={styles.steps}>
            {removedSteps.map((step) => (
              <li
                key={step.id}
                className={`${styles.step} ${styles.cut}`}
                data-status={step.status}
              >
                <span className={styles.main}>
                  <span className={styles.title}>
                    <span className={`${textCss.mono} ${styles.id}`}>{step.id}</span>
                    <span className={`${textCss.mono} ${textCss.muted}`}>{step.action}</span>
                  </span>
                  <span className={styles.beat}>
                    {step.beat ?? <span className={textCss.muted}>no beat</span>}
                  </span>
                </span>
                <span className={`${textCss.muted} ${styles.meta}`}>
                  {STATUS_LABEL[step.status]} before · not in the newer definition
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </>
  );
}

/** Every attempt of a step, oldest first: its number, how it ended, how long it took. */
function Attempts({ attempts }: { attempts: RunStep['attemptHistory'] }) {
  return (
    <span className={styles.attempts} data-testid="attempts">
      {attempts.map((a) => (
        <span
          key={a.number}
          className={`${styles.attempt} tone-${a.status}`}
          data-attempt={a.number}
          title={`Attempt ${a.number}: ${a.status}${a.exitCode !== null && a.exitCode !== undefined ? ` (exit ${a.exitCode})` : ''}`}
        >
          #{a.number} {a.status}
          {a.startedAt ? ` · ${duration(a.startedAt, a.finishedAt)}` : ''}
        </span>
      ))}
    </span>
  );
}
