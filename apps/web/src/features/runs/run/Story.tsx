'use client';

import { useEffect, useRef } from 'react';
import type { RunEvent } from '@/lib/api-types';
import { clockTime } from '@/lib/format';
import textCss from '@/ui/text.module.css';
import { plainText } from './ansi';
import styles from './Story.module.css';
import { eventTone, type StoryTone } from './story-tone';

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

/** The run told as a story: one sentence per event, coloured by its kind. */
export function Story({ events, follow }: { events: readonly RunEvent[]; follow: boolean }) {
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
  );
}
