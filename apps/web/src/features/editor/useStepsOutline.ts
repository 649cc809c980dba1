'use client';

import { useEffect, useRef, useState } from 'react';
import type { StepNode } from '@/ui/dag/types';
import { readSteps } from './steps';

/**
 * The steps of `text` (the last valid YAML), read in a Web Worker so that a big workflow never
 * blocks typing; only the answer for the latest text is kept. Where workers do not exist, the
 * steps are read in place.
 */
export function useStepsOutline(text: string | null): StepNode[] {
  const [steps, setSteps] = useState<StepNode[]>([]);
  const worker = useRef<Worker | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    if (typeof Worker === 'undefined') return;
    const created = new Worker(new URL('./steps.worker.ts', import.meta.url), { type: 'module' });
    created.onmessage = (event: MessageEvent<{ ticket: number; steps: StepNode[] }>) => {
      if (event.data.ticket === latest.current) setSteps(event.data.steps);
    };
    worker.current = created;
    return () => {
      created.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    const ticket = ++latest.current;
    if (text === null) {
      setSteps([]);
      return;
    }
    if (worker.current) worker.current.postMessage({ ticket, text });
    else setSteps(readSteps(text));
  }, [text]);

  return steps;
}
