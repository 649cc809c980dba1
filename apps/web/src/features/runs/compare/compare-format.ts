import { exhaustive } from '@/lib/exhaustive';
import type { CompareSide, CompareVerdict, Divergence } from './types';

/** How each verdict reads in the table. */
export const VERDICT_LABEL: Record<CompareVerdict, string> = {
  same: 'same',
  'status-differs': 'status differs',
  'outputs-differ': 'outputs differ',
  'definition-changed': 'definition changed',
  'only-in-a': 'only in A',
  'only-in-b': 'only in B',
};

/** The tone (tokens.css `tone-*`) a verdict is shown in. */
export const VERDICT_TONE: Record<CompareVerdict, string> = {
  same: 'tone-skipped',
  'status-differs': 'tone-failed',
  'outputs-differ': 'tone-waiting',
  'definition-changed': 'tone-story',
  'only-in-a': 'tone-engineer',
  'only-in-b': 'tone-engineer',
};

/** A duration in milliseconds, short: `840 ms`, `2.4 s`, `3 min 5 s`. */
export function ms(value: number): string {
  const abs = Math.abs(value);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = abs / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A's duration minus B's with its sign (`+1.2 s`, `−300 ms`), or '' when one is missing. */
export function durationDelta(delta: number | null): string {
  if (delta === null) return '';
  if (delta === 0) return '±0 ms';
  return `${delta > 0 ? '+' : '−'}${ms(delta)}`;
}

/** One side's duration and attempts: `1.2 s · 3 attempts`. */
export function sideFacts(side: CompareSide): string {
  const facts: string[] = [];
  if (side.durationMs !== null) facts.push(ms(side.durationMs));
  if (side.attempts > 1) facts.push(`${side.attempts} attempts`);
  return facts.join(' · ');
}

/** An output value as compact JSON, cut at `max` characters; `—` when the side lacks it. */
export function outputValue(present: boolean, value: unknown, max = 60): string {
  if (!present) return '—';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What happened at the divergence's step, with the runs called A and B. */
export function divergenceDetail(divergence: Divergence): string {
  switch (divergence.reason) {
    case 'status':
      return `${divergence.a} in A but ${divergence.b} in B`;
    case 'only-in-a':
      return `only A has this beat (${divergence.a})`;
    case 'only-in-b':
      return `only B has this beat (${divergence.b})`;
    default:
      return exhaustive(divergence.reason);
  }
}

/**
 * An API error's message fit to show: the runner's own sentence, or, for input it refused
 * (`?with=` that is not a run id), zod's issues as `with: not a run id`.
 */
export function problemText(message: string): string {
  let issues: unknown;
  try {
    issues = JSON.parse(message);
  } catch {
    return message;
  }
  if (!Array.isArray(issues)) return message;
  const names: Record<string, string> = { runA: 'the run', runB: 'with' };
  return issues
    .map((issue: { path?: unknown[]; message?: string }) => {
      const field = String(issue.path?.[0] ?? '');
      return `${names[field] ?? field}: ${issue.message ?? 'invalid'}`;
    })
    .join('; ');
}
