'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
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
import styles from './StepLog.module.css';

interface ParsedLine {
  id: string;
  stream: 'stdout' | 'stderr' | 'system';
  at: string;
  segments: AnsiSegment[];
}

/** How many lines the panel keeps; older ones are dropped (the runner keeps them all). */
const MAX_LINES = 5000;
const BOTTOM_SLACK = 24;
/** The log's own words for its connection (it streams). */
const LOG_STATE_LABEL = {
  connecting: 'connecting',
  live: 'streaming',
  reconnecting: 'reconnecting',
  closed: 'closed',
} as const;

/** The lines of one attempt of one step: what was written so far, then each new one, live. */
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
  const [lines, setLines] = useState<ParsedLine[]>([]);
  const [dropped, setDropped] = useState(0);
  const [state, setState] = useState<Connection>('connecting');
  const [following, setFollowing] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const lastId = useRef<string | undefined>(undefined);
  const carry = useRef<Record<string, AnsiStyle>>({});
  const scroller = useRef<HTMLDivElement>(null);
  const followingRef = useRef(true);

  useEffect(() => {
    let buffer: ParsedLine[] = [];
    let frame = 0;
    const flush = () => {
      frame = 0;
      const batch = buffer;
      buffer = [];
      if (!followingRef.current) setUnseen((n) => n + batch.length);
      setLines((previous) => {
        const next = previous.concat(batch);
        if (next.length <= MAX_LINES) return next;
        setDropped((d) => d + next.length - MAX_LINES);
        return next.slice(next.length - MAX_LINES);
      });
    };
    const subscription = client.runs.onLog.subscribe(
      { runId, stepId, attempt, afterId: lastId.current },
      {
        ...connectionHandlers(setState),
        onData: (message) => {
          const line = message.data;
          // The runner's ids grow; a replay after a reconnect may repeat the last one.
          if (lastId.current !== undefined && BigInt(line.id) <= BigInt(lastId.current)) return;
          lastId.current = line.id;
          const { segments, style } = parseAnsi(line.text, carry.current[line.stream]);
          carry.current[line.stream] = style;
          buffer.push({ id: line.id, stream: line.stream, at: String(line.at), segments });
          if (!frame) frame = requestAnimationFrame(flush);
        },
      },
    );
    return () => {
      subscription.unsubscribe();
      cancelAnimationFrame(frame);
      // Lines already counted in lastId must not be lost when the subscription is renewed.
      if (buffer.length) flush();
    };
  }, [client, runId, stepId, attempt]);

  // Stay at the bottom while following; leave the reader alone once they scrolled up.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when lines arrive
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && followingRef.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

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
    if (el) el.scrollTop = el.scrollHeight;
  };

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
      >
        {dropped > 0 ? (
          <div className={styles.logNote}>{dropped} earlier lines are not shown.</div>
        ) : null}
        {lines.length === 0 ? (
          <div className={styles.logNote}>
            {state === 'connecting' ? 'Opening the log…' : 'No output yet.'}
          </div>
        ) : (
          lines.map((line) => (
            <div
              key={line.id}
              className={`${styles.logLine} ${line.stream === 'stderr' ? styles.logStderr : line.stream === 'system' ? styles.logSystem : ''}`}
              data-stream={line.stream}
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
          ))
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

/** The log of the selected step, with an attempt picker when it ran more than once. */
export function StepLog({ runId, step }: { runId: string; step: RunStep | null }) {
  const [picked, setPicked] = useState<{ stepId: string; attempt: number } | null>(null);
  const attempts = step?.attemptHistory ?? [];
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
