'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, forwardRef, useEffect, useMemo, useRef, useState } from 'react';
import type { RunStep } from '@/lib/api-types';
import { duration } from '@/lib/format';
import { STATUS_LABEL } from '@/lib/statuses';
import { StatusBadge } from '@/ui/Badges';
import buttonCss from '@/ui/button.module.css';
import { countStatuses } from '@/ui/dag/fan-out';
import textCss from '@/ui/text.module.css';
import { approvalRuleText, stepApproval } from './approval-rule';
import { attemptsOf, type StepAttempt } from './attempts';
import { timelineRows } from './fan-rows';
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

/** A row of the list: a step; a fanned-out step with its instances folded in; an instance. */
interface ListItem {
  step: RunStep;
  fan?: { instances: RunStep[]; expanded: boolean; onToggle: () => void };
  nested?: boolean;
}

/**
 * The list's rows: each fanned-out step stands for its instances (counts by status) until
 * expanded; the group of a selected instance opens by itself.
 */
function useListItems(steps: RunStep[], selectedStepId: string | null | undefined): ListItem[] {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const selectedGroup = steps.find((s) => s.id === selectedStepId)?.instanceOf;
  useEffect(() => {
    if (selectedGroup)
      setExpanded((prev) => (prev.has(selectedGroup) ? prev : new Set([...prev, selectedGroup])));
  }, [selectedGroup]);
  return useMemo(() => {
    const toggle = (id: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
    return timelineRows(steps, expanded).flatMap((row): ListItem[] => {
      if (row.kind === 'step') return [{ step: row.step, nested: row.nested }];
      if (!row.join) return row.instances.map((step) => ({ step }));
      const fan = {
        instances: row.instances,
        expanded: row.expanded,
        onToggle: () => toggle(row.id),
      };
      return [{ step: row.join, fan }];
    });
  }, [steps, expanded]);
}

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
  const items = useListItems(steps, actions.selectedStepId ?? revealStepId);
  return (
    <>
      {items.length > VIRTUALIZE_OVER ? (
        <VirtualSteps items={items} total={steps.length} revealStepId={revealStepId} {...actions} />
      ) : (
        <ol className={styles.steps} data-testid="run-steps">
          {items.map((item) => (
            <StepRow key={item.step.id} item={item} {...actions} />
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
  items,
  total,
  revealStepId,
  ...actions
}: RowActions & { items: ListItem[]; total: number; revealStepId: string | null }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    gap: ROW_GAP,
    overscan: 8,
    getItemKey: (index) => items[index]?.step.id ?? index,
  });
  const revealIndex = revealStepId ? items.findIndex((i) => i.step.id === revealStepId) : -1;
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
        data-total={total}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = items[item.index];
          if (!row) return null;
          return (
            <StepRow
              key={item.key}
              ref={virtualizer.measureElement}
              index={item.index}
              item={row}
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
  RowActions & { item: ListItem; index?: number; style?: CSSProperties }
>(function StepRow(
  { item, index, style, onDecide, decideHint = null, selectedStepId = null, onSelect, onStepMenu },
  ref,
) {
  const { step, fan, nested } = item;
  const attempts = attemptsOf(step);
  const reused = reusedNote(step);
  const approval = stepApproval(step);
  return (
    <li
      ref={ref}
      data-index={index}
      style={style}
      className={`${styles.step} uni-${step.universe}${step.id === selectedStepId ? ` ${styles.selected}` : ''}${nested ? ` ${styles.nested}` : ''}`}
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
        {fan ? <FanCounts instances={fan.instances} /> : null}
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
          {fan ? (
            <button
              type="button"
              className={`${buttonCss.btn} ${buttonCss.btnGhost} ${styles.more}`}
              aria-expanded={fan.expanded}
              aria-label={`${fan.expanded ? 'Collapse' : 'Expand'} ${step.id}'s instances`}
              title={fan.expanded ? 'Fold the instances into this row' : 'Show each instance'}
              data-testid={`step-fan-toggle-${step.id}`}
              onClick={fan.onToggle}
            >
              {fan.expanded ? '▾' : '▸'}
            </button>
          ) : null}
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

/** How many of a fanned-out step's instances have each status: `3 instances: 2 ✓ 1 ✗`. */
function FanCounts({ instances }: { instances: RunStep[] }) {
  const statusOf = new Map(instances.map((s) => [s.id, s.status]));
  const counts = countStatuses([...statusOf.keys()], (id) => statusOf.get(id));
  return (
    <span className={styles.fanCounts}>
      {instances.length} instances:
      {counts.map((c) => (
        <span key={c.status} className={`${styles.fanCount} tone-${c.status}`} title={c.status}>
          {c.text}
        </span>
      ))}
    </span>
  );
}

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
