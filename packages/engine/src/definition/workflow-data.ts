import { z } from 'zod';
import { UNIVERSES } from '../statuses.ts';
import { humanizeIssue } from './issues.ts';
import { MAX_STEPS } from './limits.ts';
import { STEP_ID_PATTERN, type StepOutput, stepSchema, workflowSchema } from './schema.ts';

type WorkflowParse = ReturnType<typeof workflowSchema.safeParse>;

/**
 * `workflowSchema.safeParse(raw)` with the same result, faster on large workflows: the steps
 * are read one by one, the common shape by hand and any other through `stepSchema`, and the
 * whole schema runs only when something is wrong, so its issues are exactly zod's.
 *
 * zod builds a new object per step and per value; at 50,000 steps that and the garbage it
 * left were a fifth of validation.
 */
export function parseWorkflowData(raw: unknown): WorkflowParse {
  const fast = readWorkflowData(raw);
  return fast ?? workflowSchema.safeParse(raw, { error: humanizeIssue });
}

/** The workflow without its steps, which are checked one at a time. */
const headSchema = workflowSchema.extend({
  steps: z.array(z.unknown()).min(1).max(MAX_STEPS),
});

function readWorkflowData(raw: unknown): WorkflowParse | undefined {
  const head = headSchema.safeParse(raw);
  if (!head.success) return undefined;
  const rawSteps = head.data.steps;
  const steps: StepOutput[] = new Array(rawSteps.length);
  for (let i = 0; i < rawSteps.length; i++) {
    const step = readCommonStep(rawSteps[i]) ?? stepSchema.safeParse(rawSteps[i]).data;
    if (step === undefined) return undefined;
    steps[i] = step;
  }
  return { success: true, data: { ...head.data, steps } } as WorkflowParse;
}

const COMMON_KEYS = new Set(['id', 'action', 'universe', 'beat', 'depends_on', 'with', 'retries']);
const UNIVERSE_NAMES: ReadonlySet<unknown> = new Set(UNIVERSES);

/**
 * What `stepSchema` makes of a step written with only the keys most steps use, each valid;
 * undefined for anything else (the schema decides those).
 */
function readCommonStep(raw: unknown): StepOutput | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const step = raw as Record<string, unknown>;
  for (const key in step) if (!COMMON_KEYS.has(key)) return undefined;
  const { id, action, universe, beat, with: inputs, retries } = step;
  if (typeof id !== 'string' || id.length > 100 || !STEP_ID_PATTERN.test(id)) return undefined;
  if (typeof action !== 'string' || action === '') return undefined;
  if (universe !== undefined && !UNIVERSE_NAMES.has(universe)) return undefined;
  if (beat !== undefined && typeof beat !== 'string') return undefined;
  if (inputs !== undefined && (typeof inputs !== 'object' || inputs === null)) return undefined;
  if (Array.isArray(inputs)) return undefined;
  if (retries !== undefined && !isRetryCount(retries)) return undefined;
  const dependsOn = stringList(step.depends_on);
  if (dependsOn === null) return undefined;
  return {
    id,
    action,
    universe: (universe ?? 'engineer') as StepOutput['universe'],
    beat,
    depends_on: dependsOn,
    with: inputs as Record<string, unknown> | undefined,
    retries: retries ?? 0,
  } as StepOutput;
}

function isRetryCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 100;
}

/** `depends_on` as the schema gives it: a list of ids; null when it is not strings. */
function stringList(value: unknown): string[] | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return null;
  for (const item of value) if (typeof item !== 'string') return null;
  return value as string[];
}
