'use client';

import { useEffect, useRef } from 'react';
import type { RunEvent } from '@/lib/api-types';
import { clockTime } from '@/lib/format';
import buttonCss from '@/ui/button.module.css';
import textCss from '@/ui/text.module.css';
import { plainText } from './ansi';
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

/** The part of a long story not loaded yet, and how to load the next page of it. */
export interface EarlierStory {
  left: number;
  loading: boolean;
  error: string | null;
  load: () => void;
}

/**
 * The run told as a story: one sentence per event, coloured by its kind. A long story starts
 * from its latest events; `earlier` loads the ones before them, a page at a time.
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
  const list = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  const count = events.length;
  // Scroll the story itself (never the page) when it grows, unless the reader scrolled up.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the story grows
  useEffect(() => {
    const el = list.current;
    if (follow && el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [count, follow]);

  if (events.length === 0)
    return <p className={`${textCss.muted} ${styles.storyEmpty}`}>The story has not begun yet.</p>;
  return (
    <>
      {earlier && earlier.left > 0 ? (
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
      ) : null}
      <ol
        ref={list}
        className={styles.story}
        data-testid="story"
        onScroll={(e) => {
          const el = e.currentTarget;
          atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {events.map((event) => (
          <li
            key={event.seq}
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
        ))}
      </ol>
    </>
  );
}
