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

/** What the runner said about a text when it sent it (`workflows.source`): no need to ask again. */
export interface KnownCheck {
  text: string;
  valid: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Asks the engine (`workflows.validate`) about the text, debounced; stale answers are dropped.
 * The text as loaded is not sent back: `known` already tells its diagnostics, so the first
 * paint of a big workflow does not wait for a second parse of it.
 */
export function useLiveValidation(
  text: string | null,
  file: string,
  known: KnownCheck | null = null,
  delayMs = 300,
): Validation {
  const client = useTRPCClient();
  const [state, setState] = useState<Validation>({
    diagnostics: [],
    valid: null,
    checking: false,
    lastValidText: null,
    error: null,
  });
  const latest = useRef(0);

  useEffect(() => {
    if (text === null) return;
    const ticket = ++latest.current;
    if (known && known.text === text) {
      setState((s) => ({
        diagnostics: known.diagnostics,
        valid: known.valid,
        checking: false,
        lastValidText: known.valid ? text : s.lastValidText,
        error: null,
      }));
      return;
    }
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
    }, delayMs);
    return () => clearTimeout(timer);
  }, [client, text, file, known, delayMs]);

  return state;
}
