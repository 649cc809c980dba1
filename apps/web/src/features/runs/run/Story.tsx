'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, forwardRef, useEffect, useRef } from 'react';
import type { RunEvent } from '@/lib/api-types';
import { clockTime } from '@/lib/format';
import buttonCss from '@/ui/button.module.css';
import textCss from '@/ui/text.module.css';
import { plainText } from './ansi';
import { VIRTUALIZE_OVER } from './StepList';
import styles from './Story.module.css';
import { eventTone, type StoryTone } from './story-tone';
import { EARLIER_PAGE } from './useEarlierStory';

const TONE_CLASS: Record<StoryTone, string | undefined> = {
  neutral: styles.storyNeutral,
  running: styles.storyRunning,
  succeeded: styles.storySucceeded,
  failed: styles.storyFailed,
  waiting: styles.storyWaiting,
  muted: styles.storyMuted,
  ceremony: styles.storyCeremony,
  retold: styles.storyRetold,
};

/** A line's height before it is measured (one line of text). */
const LINE_ESTIMATE = 33;

/** The part of a long story not loaded yet, and how to load the next page of it. */
export interface EarlierStory {
  left: number;
  loading: boolean;
  error: string | null;
  load: () => void;
}

/**
 * The run told as a story: one sentence per event, coloured by its kind. A long story starts
 * from its latest events; `earlier` loads the ones before them, a page at a time, and only the
 * lines in view are rendered (the story of a 5,000-step run has over 10,000).
 */
export function Story({
  events,
  follow,
  earlier,
}: {
  events: readonly RunEvent[];
  follow: boolean;
  earlier?: EarlierStory;
}) {
  if (events.length === 0)
    return <p className={`${textCss.muted} ${styles.storyEmpty}`}>The story has not begun yet.</p>;
  return (
    <>
      {earlier && earlier.left > 0 ? <EarlierButton earlier={earlier} /> : null}
      {events.length > VIRTUALIZE_OVER ? (
        <VirtualStory events={events} follow={follow} />
      ) : (
        <PlainStory events={events} follow={follow} />
      )}
    </>
  );
}

/**
 * Keeps a growing story scrolled to its end while the reader is there: `scrollToEnd` runs when
 * the story grows, unless the reader scrolled up (then the story stays where they are).
 */
function useFollow(count: number, follow: boolean, scrollToEnd: () => void) {
  const atEnd = useRef(true);
  const scrollToEndRef = useRef(scrollToEnd);
  scrollToEndRef.current = scrollToEnd;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the story grows
  useEffect(() => {
    if (follow && atEnd.current) scrollToEndRef.current();
  }, [count, follow]);
  return (el: HTMLElement) => {
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
}

/** A short story: every line in the page. */
function PlainStory({ events, follow }: { events: readonly RunEvent[]; follow: boolean }) {
  const list = useRef<HTMLOListElement>(null);
  const onScroll = useFollow(events.length, follow, () => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  });
  return (
    <ol
      ref={list}
      className={styles.story}
      data-testid="story"
      data-total={events.length}
      onScroll={(e) => onScroll(e.currentTarget)}
    >
      {events.map((event) => (
        <StoryLine key={event.seq} event={event} />
      ))}
    </ol>
  );
}

/** A long story (thousands of events once earlier pages load): only the lines in view exist. */
function VirtualStory({ events, follow }: { events: readonly RunEvent[]; follow: boolean }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_ESTIMATE,
    overscan: 12,
    getItemKey: (index) => events[index]?.seq ?? index,
  });
  const onScroll = useFollow(events.length, follow, () =>
    virtualizer.scrollToIndex(events.length - 1, { align: 'end' }),
  );
  return (
    <div
      ref={scroller}
      className={styles.storyScroller}
      data-testid="story-scroller"
      onScroll={(e) => onScroll(e.currentTarget)}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the story scrolls by keyboard too
      tabIndex={0}
    >
      <ol
        className={`${styles.story} ${styles.storyVirtual}`}
        data-testid="story"
        data-total={events.length}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const event = events[item.index];
          if (!event) return null;
          return (
            <StoryLine
              key={item.key}
              ref={virtualizer.measureElement}
              index={item.index}
              event={event}
              style={{ transform: `translateY(${item.start}px)` }}
            />
          );
        })}
      </ol>
    </div>
  );
}

const StoryLine = forwardRef<
  HTMLLIElement,
  { event: RunEvent; index?: number; style?: CSSProperties }
>(function StoryLine({ event, index, style }, ref) {
  return (
    <li
      ref={ref}
      data-index={index}
      style={style}
      className={`${styles.storyLine} ${TONE_CLASS[eventTone(event)]}`}
      data-kind={event.story.kind}
      data-type={event.type}
    >
      <span className={styles.storyKind}>
        {event.type === 'run.retold' ? 're-told' : event.story.kind}
      </span>
      <span className={styles.storyText}>{plainText(event.story.text)}</span>
      <time className={`${styles.storyTime} ${textCss.mono}`} dateTime={String(event.at)}>
        {clockTime(event.at)}
      </time>
    </li>
  );
});

/** Above a long story's latest events: how many came before, and a button for the next page. */
function EarlierButton({ earlier }: { earlier: EarlierStory }) {
  return (
    <p className={styles.storyEarlier}>
      <button
        type="button"
        className={`${buttonCss.btn} ${buttonCss.btnSm}`}
        data-testid="story-earlier"
        disabled={earlier.loading}
        onClick={earlier.load}
      >
        {earlier.loading
          ? 'Loading…'
          : `Show ${Math.min(EARLIER_PAGE, earlier.left).toLocaleString('en')} earlier`}
      </button>
      <span className={textCss.muted}>
        {earlier.left.toLocaleString('en')} event{earlier.left === 1 ? '' : 's'} before these
      </span>
      {earlier.error ? (
        <span className={styles.storyFailed} role="alert">
          {earlier.error}
        </span>
      ) : null}
    </p>
  );
}
