import { setTimeout as sleep } from 'node:timers/promises';
import { parseDuration, StepFailure, waitSpec } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { abortReason } from '../shell.ts';

/** The longest single timer Node keeps; longer waits are made of several. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const waitAction = defineAction(waitSpec, async (ctx) => {
  const ms = parseDuration(ctx.input.duration) ?? 0;
  try {
    let left = ms;
    do {
      const chunk = Math.min(left, MAX_TIMER_MS);
      await sleep(chunk, undefined, { signal: ctx.signal });
      left -= chunk;
    } while (left > 0);
  } catch (error) {
    const reason = abortReason(ctx.signal) ?? 'canceled';
    const message =
      reason === 'timeout' ? 'the step ran out of time and was stopped' : 'the step was canceled';
    throw new StepFailure(
      { reason, message, summary: `${message} while waiting` },
      { cause: error },
    );
  }
  return { outputs: { waited_ms: ms }, summary: `waited ${formatDuration(ms)}` };
});

/** `1h30m`, `5s`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('');
}
