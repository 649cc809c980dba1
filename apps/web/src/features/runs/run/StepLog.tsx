'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type CSSProperties,
  forwardRef,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { RunStep } from '@/lib/api-types';
import { clockTime } from '@/lib/format';
import { ConnectionStatus } from '@/lib/live/ConnectionStatus';
import { type Connection, connectionHandlers } from '@/lib/live/connection';
import { useTRPCClient } from '@/lib/trpc';
import { StatusBadge } from '@/ui/Badges';
import buttonCss from '@/ui/button.module.css';
import layoutCss from '@/ui/layout.module.css';
import panelCss from '@/ui/panel.module.css';
import textCss from '@/ui/text.module.css';
import { type AnsiSegment, type AnsiStyle, parseAnsi, segmentCss } from './ansi';
import { attemptsOf } from './attempts';
import { appendLines, earlierPage, emptyWindow, type LogWindow, prependLines } from './log-window';
import styles from './StepLog.module.css';

interface ParsedLine {
  id: string;
  /** Its number in the attempt's log, from 0. */
  line: number;
  stream: 'stdout' | 'stderr' | 'system';
  at: string;
  segments: AnsiSegment[];
}

interface LogLineJson {
  id: string;
  line: number;
  stream: 'stdout' | 'stderr' | 'system';
  text: string;
  at: string | Date;
}

/** The last lines shown when a log opens, and the size of each earlier page. */
const PAGE = 500;
/** How many lines the panel holds; older ones are dropped and can be fetched again. */
const MAX_LINES = 20_000;
/** Beyond this many lines, only those in view are in the page. */
const VIRTUALIZE_OVER = 1_000;
const LINE_ESTIMATE = 19;
const BOTTOM_SLACK = 24;
/** The log's own words for its connection (it streams). */
const LOG_STATE_LABEL = {
  connecting: 'connecting',
  live: 'streaming',
  reconnecting: 'reconnecting',
  closed: 'closed',
} as const;

/** Parses lines in order, carrying each stream's colour from one line to the next. */
function parseLines(
  lines: readonly LogLineJson[],
  carry: Record<string, AnsiStyle> = {},
): ParsedLine[] {
  return lines.map((line) => {
    const { segments, style } = parseAnsi(line.text, carry[line.stream]);
    carry[line.stream] = style;
    return { id: line.id, line: line.line, stream: line.stream, at: String(line.at), segments };
  });
}

/**
 * The lines of one attempt of one step: its last page first, earlier pages on request, then
 * each new line, live. Long logs are virtualized: only the lines in view are in the page.
 */
function AttemptLog({
  runId,
  stepId,
  attempt,
}: {
  runId: string;
  stepId: string;
  attempt: number;
}) {
  const client = useTRPCClient();
  const [held, setHeld] = useState<LogWindow<ParsedLine>>(emptyWindow);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [pageError, setPageError] = useState<string | null>(null);
  const [state, setState] = useState<Connection>('connecting');
  const [following, setFollowing] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const lastId = useRef<string | undefined>(undefined);
  const carry = useRef<Record<string, AnsiStyle>>({});
  const scroller = useRef<HTMLDivElement>(null);
  const followingRef = useRef(true);
  /** Set before earlier lines go in front: where to scroll so the reader's line stays put. */
  const anchor = useRef<{ scrollHeight: number; added: number } | null>(null);

  const virtual = held.lines.length > VIRTUALIZE_OVER;
  const virtualizer = useVirtualizer({
    count: virtual ? held.lines.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_ESTIMATE,
    overscan: 20,
    getItemKey: (index) => held.lines[index]?.id ?? index,
  });

  useEffect(() => {
    let buffer: ParsedLine[] = [];
    let frame = 0;
    let closed = false;
    let unsubscribe = () => {};
    const flush = () => {
      frame = 0;
      const batch = buffer;
      buffer = [];
      if (!followingRef.current) setUnseen((n) => n + batch.length);
      setHeld((previous) => appendLines(previous, batch, MAX_LINES));
    };
    const receive = (line: LogLineJson) => {
      // The runner's ids grow; a replay after a reconnect may repeat lines already shown.
      if (lastId.current !== undefined && BigInt(line.id) <= BigInt(lastId.current)) return;
      lastId.current = line.id;
      buffer.push(...parseLines([line], carry.current));
      if (!frame) frame = requestAnimationFrame(flush);
    };
    const subscribe = () => {
      const subscription = client.runs.onLog.subscribe(
        { runId, stepId, attempt, afterId: lastId.current },
        { ...connectionHandlers(setState), onData: (message) => receive(message.data) },
      );
      unsubscribe = () => subscription.unsubscribe();
    };
    if (lastId.current !== undefined) subscribe();
    else {
      // The last page first, so a long log opens at its end without streaming all of it.
      client.runs.logs
        .query({ runId, stepId, attempt, tail: PAGE })
        .then((page) => {
          if (closed) return;
          for (const line of page.lines) receive(line);
          subscribe();
        })
        .catch(() => {
          if (!closed) subscribe();
        });
    }
    return () => {
      closed = true;
      unsubscribe();
      cancelAnimationFrame(frame);
      // Lines already counted in lastId must not be lost when the subscription is renewed.
      if (buffer.length) flush();
    };
  }, [client, runId, stepId, attempt]);

  const earlier = earlierPage(held, PAGE);
  const loadEarlier = () => {
    if (!earlier || loadingEarlier) return;
    setLoadingEarlier(true);
    setPageError(null);
    client.runs.logs
      .query({ runId, stepId, attempt, fromLine: earlier.fromLine, limit: earlier.limit })
      .then((page) => {
        const el = scroller.current;
        anchor.current = { scrollHeight: el?.scrollHeight ?? 0, added: page.lines.length };
        setHeld((previous) => prependLines(previous, parseLines(page.lines)));
      })
      .catch((error: unknown) =>
        setPageError(`Could not load earlier lines: ${(error as Error).message}`),
      )
      .finally(() => setLoadingEarlier(false));
  };

  // Stay at the bottom while following; keep the reader's place when earlier lines come in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when lines arrive
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const kept = anchor.current;
    anchor.current = null;
    if (kept) {
      if (virtual) virtualizer.scrollToIndex(kept.added, { align: 'start' });
      else el.scrollTop += el.scrollHeight - kept.scrollHeight;
    } else if (followingRef.current) {
      if (virtual) virtualizer.scrollToIndex(held.lines.length - 1, { align: 'end' });
      el.scrollTop = el.scrollHeight;
    }
  }, [held]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
    if (atBottom !== followingRef.current) {
      followingRef.current = atBottom;
      setFollowing(atBottom);
      if (atBottom) setUnseen(0);
    }
  };

  const jump = () => {
    const el = scroller.current;
    followingRef.current = true;
    setFollowing(true);
    setUnseen(0);
    if (virtual) virtualizer.scrollToIndex(held.lines.length - 1, { align: 'end' });
    if (el) el.scrollTop = el.scrollHeight;
  };

  const { lines } = held;
  return (
    <div className={styles.logWrap}>
      <div
        ref={scroller}
        className={styles.logBody}
        onScroll={onScroll}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, so it takes focus for keys
        tabIndex={0}
        role="log"
        aria-live="off"
        aria-label={`Log of ${stepId}, attempt ${attempt}`}
        data-state={state}
        data-following={following}
        data-first-line={held.firstLine}
        data-virtual={virtual}
      >
        {earlier ? (
          <div className={styles.logNote}>
            {held.firstLine.toLocaleString('en-US')} earlier lines are not shown.{' '}
            <button
              type="button"
              className={styles.logMore}
              onClick={loadEarlier}
              disabled={loadingEarlier}
              data-testid="log-earlier"
            >
              {loadingEarlier ? 'Loading…' : `Show ${earlier.limit.toLocaleString('en-US')} more`}
            </button>
            {pageError ? <span role="alert"> {pageError}</span> : null}
          </div>
        ) : null}
        {lines.length === 0 ? (
          <div className={styles.logNote}>
            {state === 'connecting' ? 'Opening the log…' : 'No output yet.'}
          </div>
        ) : virtual ? (
          <div className={styles.logVirtual} style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const line = lines[item.index];
              return line ? (
                <LogLineRow
                  key={item.key}
                  ref={virtualizer.measureElement}
                  index={item.index}
                  line={line}
                  style={{ transform: `translateY(${item.start}px)` }}
                />
              ) : null;
            })}
          </div>
        ) : (
          lines.map((line) => <LogLineRow key={line.id} line={line} />)
        )}
      </div>
      {!following ? (
        <button
          type="button"
          className={`${buttonCss.btn} ${buttonCss.btnSm} ${styles.jump}`}
          onClick={jump}
        >
          ↓ Jump to latest{unseen > 0 ? ` (${unseen} new)` : ''}
        </button>
      ) : null}
      <ConnectionStatus
        connection={state}
        className={styles.logState}
        labels={LOG_STATE_LABEL}
        testId={null}
      />
    </div>
  );
}

const LogLineRow = forwardRef<
  HTMLDivElement,
  { line: ParsedLine; index?: number; style?: CSSProperties }
>(function LogLineRow({ line, index, style }, ref) {
  return (
    <div
      ref={ref}
      data-index={index}
      style={style}
      className={`${styles.logLine} ${index !== undefined ? styles.logLineVirtual : ''} ${line.stream === 'stderr' ? styles.logStderr : line.stream === 'system' ? styles.logSystem : ''}`}
      data-stream={line.stream}
      data-line={line.line}
    >
      <time className={styles.logTime} dateTime={line.at}>
        {clockTime(line.at)}
      </time>
      <span className={styles.logText}>
        {line.segments.map((segment, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of a line never move
          <span key={i} style={segmentCss(segment.style)}>
            {segment.text}
          </span>
        ))}
      </span>
    </div>
  );
});

/** The log of the selected step, with an attempt picker when it ran more than once. */
export function StepLog({ runId, step }: { runId: string; step: RunStep | null }) {
  const [picked, setPicked] = useState<{ stepId: string; attempt: number } | null>(null);
  const attempts = step ? attemptsOf(step) : [];
  const latest = attempts.at(-1)?.number ?? null;
  const attempt =
    picked && step && picked.stepId === step.id && attempts.some((a) => a.number === picked.attempt)
      ? picked.attempt
      : latest;

  return (
    <section
      className={`${layoutCss.card} ${panelCss.panelWithHead}`}
      aria-label="Step log"
      data-testid="step-log"
    >
      <header className={panelCss.head}>
        <h2 className={panelCss.title}>Log</h2>
        {step ? (
          <span className={styles.logHead}>
            <span className={`${textCss.mono} ${styles.logStep}`}>{step.id}</span>
            <StatusBadge status={step.status} />
            {attempts.length > 1 ? (
              <fieldset className={styles.attempts} aria-label="Attempt">
                {attempts.map((a) => (
                  <button
                    type="button"
                    key={a.number}
                    className={`${styles.attemptBtn} ${styles[`attempt${a.status[0]?.toUpperCase()}${a.status.slice(1)}`] ?? ''}`}
                    aria-pressed={a.number === attempt}
                    data-testid={`attempt-${a.number}`}
                    title={`attempt ${a.number}: ${a.status}`}
                    onClick={() => setPicked({ stepId: step.id, attempt: a.number })}
                  >
                    #{a.number} <span className={styles.attemptStatus}>{a.status}</span>
                  </button>
                ))}
              </fieldset>
            ) : null}
          </span>
        ) : null}
      </header>
      {!step ? (
        <p className={`${textCss.muted} ${panelCss.empty}`}>
          Pick a step — in the beats, the graph or the timeline — to read its log.
        </p>
      ) : attempt === null && step.fanOut ? (
        <p className={`${textCss.muted} ${panelCss.empty}`}>
          <span className={textCss.mono}>{step.id}</span> runs nothing itself: it gathers its
          instances. Pick one — in the beats, the graph or the timeline — to read its log.
        </p>
      ) : attempt === null ? (
        <p className={`${textCss.muted} ${panelCss.empty}`}>
          <span className={textCss.mono}>{step.id}</span> has not started yet; its log appears here
          when it does.
        </p>
      ) : (
        <AttemptLog
          key={`${step.id}:${attempt}`}
          runId={runId}
          stepId={step.id}
          attempt={attempt}
        />
      )}
    </section>
  );
}
