'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, forwardRef, useEffect, useRef } from 'react';
import type { RunStep } from '@/lib/api-types';
import { duration } from '@/lib/format';
import { STATUS_LABEL } from '@/lib/statuses';
import { StatusBadge } from '@/ui/Badges';
import buttonCss from '@/ui/button.module.css';
import textCss from '@/ui/text.module.css';
import { approvalRuleText, stepApproval } from './approval-rule';
import { attemptsOf, type StepAttempt } from './attempts';
import { reusedNote } from './retell';
import styles from './StepList.module.css';

/**
 * The run's steps in definition order, with status, every attempt and time; a step a rerun
 * took over says from which run; steps cut from the story when the run went on with a newer
 * definition follow, greyed.
 */
/** Past this many steps the list renders only the rows in view (and a few around them). */
export const VIRTUALIZE_OVER = 100;
/** A row's height before it is measured (one line of beat, no attempts). */
const ROW_ESTIMATE = 62;
const ROW_GAP = 6;

interface RowActions {
  /** Absent when the caller may not decide: `decideHint` says so in place of the buttons. */
  onDecide?: (stepId: string, decision: 'approve' | 'reject') => void;
  decideHint?: string | null;
  selectedStepId?: string | null;
  onSelect?: (stepId: string) => void;
  /** Opens a step's re-telling menu (the DAG node's), under its "⋯" button. */
  onStepMenu?: (at: { id: string; x: number; y: number }) => void;
}

/**
 * The run's steps in definition order, with status, every attempt and time; a step a rerun
 * took over says from which run; steps cut from the story when the run went on with a newer
 * definition follow, greyed. A long list scrolls in its own box and renders only what is in
 * view; `revealStepId` (a step someone picked elsewhere) is scrolled into it.
 */
export function StepList({
  steps,
  removedSteps = [],
  revealStepId = null,
  ...actions
}: RowActions & {
  steps: RunStep[];
  removedSteps?: RunStep[];
  revealStepId?: string | null;
}) {
  return (
    <>
      {steps.length > VIRTUALIZE_OVER ? (
        <VirtualSteps steps={steps} revealStepId={revealStepId} {...actions} />
      ) : (
        <ol className={styles.steps} data-testid="run-steps">
          {steps.map((step) => (
            <StepRow key={step.id} step={step} {...actions} />
          ))}
        </ol>
      )}
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

function VirtualSteps({
  steps,
  revealStepId,
  ...actions
}: RowActions & { steps: RunStep[]; revealStepId: string | null }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: steps.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    gap: ROW_GAP,
    overscan: 8,
    getItemKey: (index) => steps[index]?.id ?? index,
  });
  const revealIndex = revealStepId ? steps.findIndex((s) => s.id === revealStepId) : -1;
  useEffect(() => {
    if (revealIndex >= 0) virtualizer.scrollToIndex(revealIndex, { align: 'auto' });
  }, [revealIndex, virtualizer]);
  return (
    <div
      ref={scroller}
      className={styles.scroller}
      data-testid="run-steps-scroller"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the list scrolls by keyboard too
      tabIndex={0}
    >
      <ol
        className={`${styles.steps} ${styles.virtual}`}
        data-testid="run-steps"
        data-total={steps.length}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const step = steps[item.index];
          if (!step) return null;
          return (
            <StepRow
              key={item.key}
              ref={virtualizer.measureElement}
              index={item.index}
              step={step}
              style={{ transform: `translateY(${item.start}px)` }}
              {...actions}
            />
          );
        })}
      </ol>
    </div>
  );
}

const StepRow = forwardRef<
  HTMLLIElement,
  RowActions & { step: RunStep; index?: number; style?: CSSProperties }
>(function StepRow(
  { step, index, style, onDecide, decideHint = null, selectedStepId = null, onSelect, onStepMenu },
  ref,
) {
  const attempts = attemptsOf(step);
  const reused = reusedNote(step);
  const approval = stepApproval(step);
  return (
    <li
      ref={ref}
      data-index={index}
      style={style}
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
          <span className={`${textCss.mono} ${textCss.muted}`}>
            {step.fanOut ? `${step.action} · ${step.fanOut}` : step.action}
          </span>
          {step.instanceLabel ? (
            <span className={styles.instance} data-testid={`instance-label-${step.id}`}>
              {step.instanceLabel}
            </span>
          ) : null}
        </span>
        <span className={styles.beat}>
          {step.beat ?? <span className={textCss.muted}>no beat</span>}
        </span>
        {step.status === 'failed' && step.failure ? (
          <span className={styles.failure}>{step.failure}</span>
        ) : null}
        {reused ? (
          <span className={styles.reused} data-testid={`reused-${step.id}`}>
            ↺ {reused}
          </span>
        ) : null}
        {attempts.length > 1 ? <Attempts attempts={attempts} /> : null}
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
});

/** Every attempt of a step, oldest first: its number, how it ended, how long it took. */
function Attempts({ attempts }: { attempts: StepAttempt[] }) {
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
