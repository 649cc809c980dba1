'use client';

import { useEffect, useState } from 'react';

/**
 * The current time, ticking every `everyMs` while `active` (for live durations and "2 min ago");
 * read once more when `active` turns off, then frozen.
 */
export function useNow(everyMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}
