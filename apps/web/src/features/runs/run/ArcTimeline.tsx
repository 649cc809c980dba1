'use client';

import { useMemo, useRef, useState } from 'react';
import type { RunDetail, RunEvent } from '@/lib/api-types';
import { clockTime } from '@/lib/format';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import textCss from '@/ui/text.module.css';
import styles from './ArcTimeline.module.css';
import { plainText } from './ansi';
import {
  type ArcPoint,
  arcPoints,
  arcPointsFromOutline,
  type BinPoint,
  binSummary,
  isBinPoint,
  smoothPath,
  storyCounts,
} from './arc';
import { HEIGHT, PAD, placeArc } from './arc-layout';
import { retoldMark } from './retell';
import { formatElapsed } from './timescale';
import { useElementWidth } from './useElementWidth';

const LABEL_MAX = 64;

function truncate(text: string, max = LABEL_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * The run as a story arc in time: x is time, y the dramatic tension. Beats raise the line,
 * tensions are red peaks, the climax of a failed run is the top, resolution comes to rest.
 */
export function ArcTimeline({
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
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box, 900);
  const [activeSeq, setActiveSeq] = useState<number | null>(null);
  const events = run.events as RunEvent[];
  const outline = run.outline;
  // A long story comes as an outline in bins of time: one point per bin, hover for its detail.
  const points: Array<ArcPoint | BinPoint> = useMemo(
    () => (outline ? arcPointsFromOutline(outline, run.steps) : arcPoints(events, run.steps)),
    [outline, events, run.steps],
  );
  const layout = placeArc(points, run, now, width);
  const { placed, xEnd, yBase, ticks, breaks, active } = layout;
  const path = smoothPath(placed.map((p) => ({ x: p.x, y: p.py })));
  const firstX = placed[0]?.x ?? PAD.left;
  const lastPoint = placed.at(-1);
  const area = lastPoint
    ? `${path} L${lastPoint.x.toFixed(1)},${yBase} L${firstX.toFixed(1)},${yBase} Z`
    : '';
  const labelled = placed.filter((p) => p.n !== null);
  const counts = storyCounts(events, outline);
  const focused = placed.find((p) => p.event.seq === activeSeq) ?? null;

  const select = (point: ArcPoint) => {
    if (point.event.stepId) onSelectStep(point.event.stepId);
  };

  return (
    <section
      className={`${layoutCss.card} ${panelCss.panelWithHead}`}
      aria-label="Arc timeline"
      data-testid="arc-timeline"
    >
      <header className={panelCss.head}>
        <h2 className={panelCss.title}>Arc</h2>
        <span className={styles.panelFacts}>
          {counts.beat ?? 0} beat{counts.beat === 1 ? '' : 's'}
          {counts.tension ? (
            <span className={styles.factTension}>
              {' '}
              · {counts.tension} tension{counts.tension === 1 ? '' : 's'}
            </span>
          ) : null}
          {counts.return ? ` · ${counts.return} return${counts.return === 1 ? '' : 's'}` : ''}
          {' · '}
          {formatElapsed(layout.end - layout.first)}
          {active ? ' so far' : ''}
        </span>
      </header>
      <div ref={box} className={styles.arcBox}>
        {events.length === 0 ? (
          <p className={`${textCss.muted} ${styles.arcEmpty}`}>
            The arc begins when the run starts.
          </p>
        ) : (
          <svg
            className={styles.arcSvg}
            width={width}
            height={HEIGHT}
            viewBox={`0 0 ${width} ${HEIGHT}`}
            aria-labelledby="arc-title"
          >
            <title id="arc-title">The run's events in time; the higher, the more tension</title>
            <defs>
              <linearGradient id="arc-fill" x1="0" y1="0" x2="0" y2="1">
                <stop offset="0%" stopColor="var(--accent)" stopOpacity="0.18" />
                <stop offset="100%" stopColor="var(--accent)" stopOpacity="0.01" />
              </linearGradient>
            </defs>
            <line
              className={styles.arcBase}
              x1={PAD.left}
              x2={width - PAD.right}
              y1={yBase}
              y2={yBase}
            />
            <text className={styles.arcAxisCaption} x={PAD.left} y={12}>
              tension ↑
            </text>
            {ticks.map((tick) => (
              <g key={`${tick.x}-${tick.label}`} className={styles.arcTick}>
                <line x1={tick.x} x2={tick.x} y1={PAD.top} y2={yBase + 4} />
                <text x={tick.x} y={HEIGHT - 10}>
                  {tick.label}
                </text>
              </g>
            ))}
            {breaks.map((b) => (
              <g key={`${b.x0}`} className={styles.arcBreak}>
                <title>{`${formatElapsed(b.ms)} with nothing running, shortened`}</title>
                <rect
                  x={b.x0}
                  y={PAD.top}
                  width={Math.max(2, b.x1 - b.x0)}
                  height={yBase - PAD.top}
                />
                <text x={(b.x0 + b.x1) / 2} y={HEIGHT - 10}>
                  ≈ {formatElapsed(b.ms)}
                </text>
              </g>
            ))}
            {placed.map((p) => {
              const mark = retoldMark(p.event);
              if (!mark) return null;
              const right = p.x > width - 180;
              return (
                <g key={`retold-${p.event.seq}`} className={styles.arcRetold} data-retold={mark}>
                  <line x1={p.x} x2={p.x} y1={PAD.top - 6} y2={yBase} />
                  <text
                    x={right ? p.x - 6 : p.x + 6}
                    y={PAD.top + 4}
                    textAnchor={right ? 'end' : 'start'}
                  >
                    {mark}
                  </text>
                </g>
              );
            })}
            <path className={styles.arcArea} d={area} fill="url(#arc-fill)" />
            <path className={styles.arcLine} d={path} />
            {active && lastPoint ? (
              <g className={styles.arcNow}>
                <line x1={lastPoint.x} x2={xEnd} y1={lastPoint.py} y2={lastPoint.py} />
                <circle cx={xEnd} cy={lastPoint.py} r={4} />
              </g>
            ) : null}
            {placed.map((p) => {
              const kind = p.event.story.kind;
              const isPeak = kind === 'tension' || kind === 'climax';
              const selected = selectedStepId !== null && p.event.stepId === selectedStepId;
              const text = plainText(p.event.story.text);
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
                <g
                  key={p.event.seq}
                  className={`${styles.arcMarker}${activeSeq === p.event.seq ? ` ${styles.isActive}` : ''}`}
                  data-kind={kind}
                  data-seq={p.event.seq}
                  data-bin={isBinPoint(p) ? p.size : undefined}
                  transform={`translate(${p.x.toFixed(1)} ${p.py.toFixed(1)})`}
                  role="button"
                  tabIndex={0}
                  aria-label={`${p.n ?? ''} ${kind}: ${text}`}
                  onMouseEnter={() => setActiveSeq(p.event.seq)}
                  onMouseLeave={() => setActiveSeq(null)}
                  onFocus={() => setActiveSeq(p.event.seq)}
                  onBlur={() => setActiveSeq(null)}
                  onClick={() => select(p)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      select(p);
                    }
                  }}
                >
                  <title>{`${p.n ? `${p.n}. ` : ''}${kind} · ${clockTime(p.event.at)}${isBinPoint(p) ? `\n${binSummary(p.bin)}` : ''}\n${text}`}</title>
                  {isPeak ? (
                    <>
                      <line
                        className={styles.arcPeakStem}
                        x1={0}
                        x2={0}
                        y1={p.r}
                        y2={yBase - p.py}
                      />
                      <circle className={styles.arcHalo} r={p.r + 5} />
                    </>
                  ) : null}
                  {selected ? <circle className={styles.arcSelectRing} r={p.r + 3.5} /> : null}
                  {p.n === null ? (
                    <circle r={p.r} className={styles.arcDot} style={{ stroke: p.color }} />
                  ) : (
                    <>
                      <circle r={p.r} style={{ fill: p.color }} className={styles.arcBadge} />
                      <text className={styles.arcNum} dy="0.35em">
                        {p.n}
                      </text>
                    </>
                  )}
                </g>
              );
            })}
          </svg>
        )}
        {focused ? (
          <div
            className={styles.arcTip}
            style={{
              left: Math.min(Math.max(8, focused.x - 140), width - 296),
              top: focused.py > 96 ? focused.py - focused.r - 8 : focused.py + focused.r + 8,
              transform: focused.py > 96 ? 'translateY(-100%)' : undefined,
            }}
            role="tooltip"
          >
            <span className={styles.arcTipHead}>
              <span className={styles.kindChip} style={{ color: focused.color }}>
                {focused.event.story.kind}
              </span>
              {focused.event.stepId ? (
                <span className={textCss.mono}>{focused.event.stepId}</span>
              ) : null}
              <span className={`${textCss.muted} ${textCss.mono}`}>
                {isBinPoint(focused) && focused.bin.from !== focused.bin.to
                  ? `${clockTime(focused.bin.from)}–${clockTime(focused.bin.to)}`
                  : clockTime(focused.event.at)}
              </span>
            </span>
            {isBinPoint(focused) ? (
              <span className={`${textCss.muted} ${styles.arcTipBin}`} data-testid="arc-bin-detail">
                {binSummary(focused.bin)}
              </span>
            ) : null}
            <span>{plainText(focused.event.story.text)}</span>
          </div>
        ) : null}
      </div>
      {outline ? (
        <p className={`${textCss.muted} ${styles.arcBinNote}`} data-testid="arc-binned">
          {(run.eventCount ?? 0).toLocaleString('en')} events in {outline.length} stretches of time:
          each point is the most telling event of its stretch; hover it for the rest.
        </p>
      ) : null}
      {labelled.length > 0 ? (
        <ol className={styles.arcLegend} aria-label="Beats of the arc">
          {labelled.map((p) => (
            <li key={p.event.seq} data-kind={p.event.story.kind}>
              <button
                type="button"
                className={`${styles.arcLegendItem}${activeSeq === p.event.seq ? ` ${styles.isActive}` : ''}`}
                title={`${p.event.story.kind} · ${clockTime(p.event.at)}\n${plainText(p.event.story.text)}`}
                onMouseEnter={() => setActiveSeq(p.event.seq)}
                onMouseLeave={() => setActiveSeq(null)}
                onFocus={() => setActiveSeq(p.event.seq)}
                onBlur={() => setActiveSeq(null)}
                onClick={() => select(p)}
              >
                <span className={styles.legendNum} style={{ background: p.color }}>
                  {p.n}
                </span>
                <span
                  className={`${styles.legendText}${p.event.story.kind === 'tension' || p.event.story.kind === 'climax' ? ` ${styles.legendTension}` : ''}`}
                >
                  {truncate(plainText(p.event.story.text))}
                </span>
              </button>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
