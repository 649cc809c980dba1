'use client';

import { useEffect, useState } from 'react';

/**
 * False until the browser has painted the page once: what is costly to lay out (a DAG of
 * thousands of steps) waits for it, so the summary, the step list and the story show first.
 */
export function useAfterFirstPaint(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    // The frame after the next one: the first has been painted by then.
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => setPainted(true));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [ready, painted]);
  return painted;
}
