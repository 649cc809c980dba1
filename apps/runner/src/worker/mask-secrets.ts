import type { FailureInfo, SchedulerInput } from '@arcflow/engine';

export type Mask = (text: string) => string;

/** What a masked value becomes. */
export const MASKED = '***';

/**
 * The values one step attempt must never show: those of the environment variables the
 * workflow lists under `secrets:` (4 characters or more: masking "1" everywhere would garble
 * logs without protecting anything), and every value resolved from `${{ secrets.NAME }}`,
 * whatever its length. Values join as they are resolved; `mask` always uses all of them.
 */
export class SecretMask {
  private values: string[] = [];

  /** The mask of the workflow's `secrets:` list, read from the step's environment. */
  static ofEnvNames(names: readonly string[] | undefined, env: Record<string, string>): SecretMask {
    const mask = new SecretMask();
    for (const name of names ?? []) {
      const value = env[name];
      if (typeof value === 'string' && value.length >= 4) mask.add(value);
    }
    return mask;
  }

  /**
   * Masks `value` from now on. A value of several lines is also masked line by line (lines
   * of 4 characters or more), since logs arrive one line at a time.
   */
  add(value: string): void {
    const found = new Set(this.values);
    const more = [value, ...value.split(/\r?\n/).filter((line) => line.trim().length >= 4)];
    for (const candidate of more) {
      if (candidate !== '' && !found.has(candidate)) {
        found.add(candidate);
        this.values.push(candidate);
      }
    }
    this.values.sort((a, b) => b.length - a.length);
  }

  get isEmpty(): boolean {
    return this.values.length === 0;
  }

  /** The values, longest first. */
  get all(): readonly string[] {
    return this.values;
  }

  readonly mask: Mask = (text) =>
    this.values.reduce((masked, value) => masked.split(value).join(MASKED), text);
}

/** A step's result (or anything else it tells) with every secret masked, before it is stored or told. */
export function maskInput(input: SchedulerInput, mask: Mask): SchedulerInput {
  switch (input.type) {
    case 'step-failed': {
      const failure: FailureInfo = {
        ...input.failure,
        message: mask(input.failure.message),
        ...(input.failure.summary ? { summary: mask(input.failure.summary) } : {}),
        ...(input.failure.lastLines ? { lastLines: input.failure.lastLines.map(mask) } : {}),
        ...(input.failure.details ? { details: maskDeep(input.failure.details, mask) } : {}),
      };
      return { ...input, failure };
    }
    case 'step-succeeded':
      return {
        ...input,
        ...(input.outputs ? { outputs: maskDeep(input.outputs, mask) } : {}),
        ...(input.summary ? { summary: mask(input.summary) } : {}),
        ...(input.skipped ? { skipped: mask(input.skipped) } : {}),
      };
    case 'step-waiting':
      return { ...input, prompt: mask(input.prompt) };
    case 'step-decision':
      return input.comment ? { ...input, comment: mask(input.comment) } : input;
    case 'start':
    case 'resume':
    case 'retell':
    case 'tick':
    case 'cancel':
      return input;
    default: {
      const unknown: never = input;
      throw new Error(`unknown scheduler input ${JSON.stringify(unknown)}`);
    }
  }
}

function maskDeep<T>(value: T, mask: Mask): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, mask)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [mask(key), maskDeep(item, mask)]),
    ) as T;
  }
  return value;
}
