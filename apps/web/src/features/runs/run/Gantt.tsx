'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useRef, useState } from 'react';
import type { RunDetail, RunStep } from '@/lib/api-types';
import { duration, toDate } from '@/lib/format';
import { isActive } from '@/lib/statuses';
import { countStatuses } from '@/ui/dag/fan-out';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import textCss from '@/ui/text.module.css';
import { attemptsOf, type StepAttempt } from './attempts';
import { fanSpan, fanTone, timelineRows } from './fan-rows';
import styles from './Gantt.module.css';
import { VIRTUALIZE_OVER } from './StepList';
import { buildTimeScale, formatElapsed } from './timescale';

/** How an attempt's bar is drawn: its own status, or `waiting` while its step waits for people. */
function barTone(step: RunStep, attempt: StepAttempt, isLast: boolean): string {
  if (isLast && !attempt.finishedAt && step.status === 'waiting') return 'waiting';
  return attempt.status;
}

const pct = (f: number) => `${(f * 100).toFixed(3)}%`;

type RowPlace = { ref: (el: Element | null) => void; start: number };

/** A long run's rows in their own scroll box, only those in view rendered. */
function VirtualRows({
  count,
  renderRow,
}: {
  count: number;
  renderRow: (index: number, place: RowPlace) => ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => 27,
    overscan: 10,
  });
  return (
    <div ref={scroller} className={styles.ganttScroller} data-testid="gantt-scroller">
      <div className={styles.ganttRows} style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer
          .getVirtualItems()
          .map((item) =>
            renderRow(item.index, { ref: virtualizer.measureElement, start: item.start }),
          )}
      </div>
    </div>
  );
}

/** Step durations and parallelism: one row per step, a bar per attempt, on the run's time axis. */
export function Gantt({
  run,
  now,
  selectedStepId,
  onSelectStep,
}: {
  run: RunDetail;
  now: number;
  selectedStepId: string | null;
  onSelectStep: (stepId: string) => void;
}) {
  const active = isActive(run.status);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const rows = timelineRows(run.steps, expanded);
  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const attempts = run.steps.flatMap(attemptsOf);
  const starts = attempts
    .map((a) => toDate(a.startedAt)?.getTime())
    .filter((t): t is number => t !== undefined);
  const runStart = toDate(run.startedAt)?.getTime();
  const start = Math.min(...starts, runStart ?? Number.POSITIVE_INFINITY);
  const ends = attempts.map((a) => toDate(a.finishedAt)?.getTime() ?? now);
  const runEnd = toDate(run.finishedAt)?.getTime();
  const end = active ? Math.max(now, ...ends) : Math.max(...ends, runEnd ?? 0);
  const hasTime = starts.length > 0 && Number.isFinite(start);
  const scale = hasTime
    ? buildTimeScale(
        start,
        end,
        attempts.flatMap((a): Array<[number, number]> => {
          const a0 = toDate(a.startedAt)?.getTime();
          return a0 === undefined ? [] : [[a0, toDate(a.finishedAt)?.getTime() ?? end]];
        }),
      )
    : null;

  const renderRow = (
    index: number,
    place?: { ref: (el: Element | null) => void; start: number },
  ) => {
    const row = rows[index];
    if (!row || !scale) return null;
    if (row.kind === 'fan') {
      // Over every attempt: a retried instance stretches the group to its latest attempt.
      const span = fanSpan(
        row.instances.flatMap((s): Parameters<typeof fanSpan>[0][number][] => {
          const tried = attemptsOf(s);
          return tried.length > 0 ? tried : [s];
        }),
      );
      const tone = fanTone(row.join, row.instances);
      const statusOf = new Map(row.instances.map((s) => [s.id, s.status]));
      const counts = countStatuses([...statusOf.keys()], (id) => statusOf.get(id));
      const left = span ? scale.x(span.start) : 0;
      const right = span ? scale.x(span.end ?? end) : 0;
      const universe = row.join?.universe ?? row.instances[0]?.universe ?? 'engineer';
      const selected = row.id === selectedStepId;
      return (
        <div
          key={`fan:${row.id}`}
          ref={place?.ref}
          data-index={index}
          style={place ? { transform: `translateY(${place.start}px)` } : undefined}
          className={`${styles.ganttRow} ${styles.fanRow}${selected ? ` ${styles.isSelected}` : ''}`}
          data-testid={`gantt-fan-${row.id}`}
          data-expanded={row.expanded ? 'true' : 'false'}
        >
          <span className={`${styles.ganttLabel} uni-${universe}`}>
            <button
              type="button"
              className={styles.fanToggle}
              aria-expanded={row.expanded}
              aria-label={`${row.expanded ? 'Collapse' : 'Expand'} ${row.id}'s instances`}
              onClick={() => toggle(row.id)}
            >
              {row.expanded ? '▾' : '▸'}
            </button>
            <button
              type="button"
              className={styles.fanName}
              onClick={() => onSelectStep(row.join ? row.id : (row.instances[0]?.id ?? row.id))}
              title={`${row.instances.length} instances of ${row.id}`}
            >
              <span className={`${textCss.mono} ${styles.ganttId}`}>{row.id}</span>
            </button>
            <span className={styles.ganttDur}>
              {counts.map((c) => (
                <span key={c.status} className={`${styles.fanCount} tone-${c.status}`}>
                  {c.text}
                </span>
              ))}
            </span>
          </span>
          <span className={styles.ganttTrack}>
            {scale.ticks.map((tick) => (
              <span key={tick.t} className={styles.ganttGrid} style={{ left: pct(tick.x) }} />
            ))}
            {span ? (
              <span
                className={`${styles.bar} ${styles.fanBar} ${styles[`bar${tone[0]?.toUpperCase()}${tone.slice(1)}`] ?? ''}`}
                data-status={tone}
                style={{ left: pct(left), width: pct(Math.max(0, right - left)) }}
                title={`${row.id} · ${row.instances.length} instances · ${counts.map((c) => `${c.count} ${c.status}`).join(', ')}`}
              />
            ) : null}
          </span>
        </div>
      );
    }
    const step = row.step;
    const stepAttempts = attemptsOf(step);
    const selected = step.id === selectedStepId;
    return (
      <button
        type="button"
        key={step.id}
        ref={place?.ref}
        data-index={index}
        style={place ? { transform: `translateY(${place.start}px)` } : undefined}
        className={`${styles.ganttRow}${selected ? ` ${styles.isSelected}` : ''}`}
        data-testid={`gantt-row-${step.id}`}
        data-step={step.id}
        aria-pressed={selected}
        onClick={() => onSelectStep(step.id)}
      >
        <span
          className={`${styles.ganttLabel} uni-${step.universe}${row.nested ? ` ${styles.nested}` : ''}`}
        >
          <span className={`${row.nested ? '' : textCss.mono} ${styles.ganttId}`} title={step.id}>
            {row.nested ? (step.instanceLabel ?? step.id) : step.id}
          </span>
          <span className={styles.ganttDur}>
            {step.reusedFrom
              ? 'reused'
              : step.startedAt
                ? duration(step.startedAt, step.finishedAt ?? new Date(now))
                : step.status}
          </span>
        </span>
        <span className={styles.ganttTrack}>
          {scale.ticks.map((tick) => (
            <span key={tick.t} className={styles.ganttGrid} style={{ left: pct(tick.x) }} />
          ))}
          {scale.breaks.map((b) => (
            <span
              key={b.x0}
              className={styles.ganttBreak}
              style={{ left: pct(b.x0), width: pct(b.x1 - b.x0) }}
            />
          ))}
          {step.reusedFrom && stepAttempts.length === 0 ? (
            // Told in another run: no bar on this run's time axis.
            <span className={styles.ganttReused}>taken over from run {step.reusedFrom}</span>
          ) : null}
          {stepAttempts.map((attempt, i) => {
            const a0 = toDate(attempt.startedAt)?.getTime() ?? start;
            const a1 = toDate(attempt.finishedAt)?.getTime() ?? end;
            const left = scale.x(a0);
            const right = scale.x(a1);
            const tone = barTone(step, attempt, i === stepAttempts.length - 1);
            return (
              <span
                key={attempt.number}
                className={`${styles.bar} ${styles[`bar${tone[0]?.toUpperCase()}${tone.slice(1)}`] ?? ''}`}
                data-status={tone}
                style={{ left: pct(left), width: pct(Math.max(0, right - left)) }}
                title={`${step.id} · attempt ${attempt.number} · ${tone} · ${duration(attempt.startedAt, attempt.finishedAt ?? new Date(now))}${attempt.failure ? `\n${attempt.failure}` : ''}`}
              >
                {stepAttempts.length > 1 ? (
                  <span className={styles.barNum}>#{attempt.number}</span>
                ) : null}
              </span>
            );
          })}
        </span>
      </button>
    );
  };

  return (
    <section
      className={`${layoutCss.card} ${panelCss.panelWithHead}`}
      aria-label="Gantt"
      data-testid="gantt"
    >
      <header className={panelCss.head}>
        <h2 className={panelCss.title}>Timeline</h2>
        <span className={styles.ganttLegend}>
          <span className={`${styles.swatch} ${styles.barSucceeded}`} /> succeeded
          <span className={`${styles.swatch} ${styles.barRunning}`} /> running
          <span className={`${styles.swatch} ${styles.barWaiting}`} /> waiting
          <span className={`${styles.swatch} ${styles.barFailed}`} /> failed
          <span className={`${styles.swatch} ${styles.barInterrupted}`} /> interrupted
        </span>
      </header>
      {!scale ? (
        <p className={`${textCss.muted} ${panelCss.empty}`}>No step has started yet.</p>
      ) : (
        <div
          className={`${styles.gantt}${rows.some((r) => r.kind === 'fan') ? ` ${styles.withFans}` : ''}`}
        >
          <div className={styles.ganttAxis} aria-hidden="true">
            <span />
            <span className={styles.ganttTrack}>
              {scale.ticks.map((tick) => (
                <span key={tick.t} className={styles.ganttTick} style={{ left: pct(tick.x) }}>
                  {tick.label}
                </span>
              ))}
              {scale.breaks.map((b) => (
                <span
                  key={b.x0}
                  className={styles.ganttBreakLabel}
                  style={{ left: pct((b.x0 + b.x1) / 2) }}
                >
                  ≈ {formatElapsed(b.ms)}
                </span>
              ))}
            </span>
          </div>
          {rows.length > VIRTUALIZE_OVER ? (
            <VirtualRows count={rows.length} renderRow={renderRow} />
          ) : (
            rows.map((_, index) => renderRow(index))
          )}
        </div>
      )}
    </section>
  );
}
