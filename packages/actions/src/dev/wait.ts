import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { parseDuration } from '../../definition/duration.ts';
import { StepFailure } from '../../errors.ts';
import { abortReason } from '../shell.ts';
import type { Action } from '../types.ts';

/** The longest single timer Node keeps; longer waits are made of several. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const waitInput = z
  .object({
    duration: z
      .union([z.string(), z.number()])
      .refine((value) => parseDuration(value) !== undefined, {
        message: 'expected a duration such as `30s`, `5m`, `1h30m`, or a number of seconds',
      })
      .describe('How long to wait: `30s`, `5m`, `1h30m`, `500ms`, or a number of seconds.'),
  })
  .strict()
  .describe('Waits for a while, e.g. for a deployment to settle.');

export type WaitInput = z.output<typeof waitInput>;

export const waitAction: Action<typeof waitInput> = {
  name: 'wait',
  description: 'Waits for the given duration; a cancel or timeout ends the wait at once.',
  input: waitInput,
  outputs: { waited_ms: 'How long the step waited, in milliseconds.' },
  async run(ctx) {
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
  },
};

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
