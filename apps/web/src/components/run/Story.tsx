'use client';

import { useEffect, useRef } from 'react';
import type { RunEvent } from '@/lib/api-types';
import { clockTime } from '@/lib/format';
import { storyTone } from './live-state';

/** The run told as a story: one sentence per event, coloured by its kind. */
export function Story({ events, follow }: { events: readonly RunEvent[]; follow: boolean }) {
  const end = useRef<HTMLLIElement>(null);
  const count = events.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the story grows
  useEffect(() => {
    if (follow) end.current?.scrollIntoView({ block: 'nearest' });
  }, [count, follow]);

  if (events.length === 0) return <p className="muted story-empty">The story has not begun yet.</p>;
  return (
    <ol className="story" data-testid="story">
      {events.map((event) => (
        <li
          key={event.seq}
          className={`story-line story-${storyTone(event.story.kind)}`}
          data-kind={event.story.kind}
        >
          <span className="story-kind">{event.story.kind}</span>
          <span className="story-text">{event.story.text}</span>
          <time className="story-time mono" dateTime={String(event.at)}>
            {clockTime(event.at)}
          </time>
        </li>
      ))}
      <li ref={end} aria-hidden="true" className="story-end" />
    </ol>
  );
}
