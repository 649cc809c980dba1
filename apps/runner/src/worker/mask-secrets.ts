import type { FailureInfo, SchedulerInput } from '@arcflow/engine';

export type Mask = (text: string) => string;

/**
 * Replaces the values of the workflow's `secrets` (environment variable names) with `***`.
 * Values shorter than 4 characters are left alone: masking "1" everywhere would garble logs
 * without protecting anything.
 */
export function secretMask(
  names: readonly string[] | undefined,
  env: Record<string, string>,
): Mask {
  const values = (names ?? [])
    .map((name) => env[name])
    .filter((value): value is string => typeof value === 'string' && value.length >= 4)
    .sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((masked, value) => masked.split(value).join('***'), text);
}

/** A step's result with every secret masked, before it is stored or told. */
export function maskInput(input: SchedulerInput, mask: Mask): SchedulerInput {
  if (input.type !== 'step-failed') return input;
  const failure: FailureInfo = {
    ...input.failure,
    message: mask(input.failure.message),
    ...(input.failure.summary ? { summary: mask(input.failure.summary) } : {}),
    ...(input.failure.lastLines ? { lastLines: input.failure.lastLines.map(mask) } : {}),
  };
  return { ...input, failure };
}
