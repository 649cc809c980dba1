'use client';

import { useEffect, useRef, useState } from 'react';
import type { Diagnostic } from '@/lib/api-types';
import { useTRPCClient } from '@/lib/trpc';

export interface Validation {
  diagnostics: Diagnostic[];
  valid: boolean | null;
  checking: boolean;
  /** The last text the engine called valid: the DAG draws from it. */
  lastValidText: string | null;
  error: string | null;
}

/**
 * Asks the engine (`workflows.validate`) about the text, debounced; stale answers are dropped.
 * The text as loaded is checked at once: the editor shows it without waiting for the check.
 */
export function useLiveValidation(text: string | null, file: string, delayMs = 300): Validation {
  const client = useTRPCClient();
  const [state, setState] = useState<Validation>({
    diagnostics: [],
    valid: null,
    checking: false,
    lastValidText: null,
    error: null,
  });
  const latest = useRef(0);
  const checkedOnce = useRef(false);

  useEffect(() => {
    if (text === null) return;
    const ticket = ++latest.current;
    // The loaded text: nobody is typing, nothing to wait for.
    const wait = checkedOnce.current ? delayMs : 0;
    checkedOnce.current = true;
    setState((s) => ({ ...s, checking: true }));
    const timer = setTimeout(async () => {
      try {
        const result = await client.workflows.validate.mutate({ yaml: text, file });
        if (ticket !== latest.current) return;
        setState((s) => ({
          diagnostics: result.diagnostics,
          valid: result.valid,
          checking: false,
          lastValidText: result.valid ? text : s.lastValidText,
          error: null,
        }));
      } catch (e) {
        if (ticket !== latest.current) return;
        setState((s) => ({
          ...s,
          checking: false,
          error: e instanceof Error ? e.message : String(e),
        }));
      }
    }, wait);
    return () => clearTimeout(timer);
  }, [client, text, file, delayMs]);

  return state;
}
