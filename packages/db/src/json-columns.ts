import {
  type FailureInfo,
  type Telling,
  UNIVERSES,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { z } from 'zod';
import { InvalidColumnError } from './errors.ts';
import type { RetellingOrder } from './records.ts';

// The shapes of the JSON columns, checked where they are read (see `mappers.ts`). The engine
// types them but has no zod schema for them (its schemas describe the YAML, not the parsed
// definition), so they are written here and checked against its types with `satisfies`.
// Objects are loose: keys this version does not know are kept, not dropped.

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Any JSON object, checked without copying it: event payloads are read by the thousand, and
 * their shape depends on the event type.
 */
export const jsonObjectSchema = z.custom<Record<string, unknown>>(isJsonObject, {
  error: 'expected a JSON object',
});

/** `runs.superseded_by`: the newer run of the group and its trigger event. */
export const supersessionSchema = z.object({ runId: z.string(), event: jsonObjectSchema });

const failureReasonSchema = z.enum(['exit-code', 'timeout', 'canceled', 'error', 'interrupted']);
// Every reason the engine can give must be readable back.
const everyFailureReason: [
  Exclude<FailureInfo['reason'], z.infer<typeof failureReasonSchema>>,
] extends [never]
  ? true
  : never = true;
void everyFailureReason;

export const failureInfoSchema = z.looseObject({
  reason: failureReasonSchema,
  message: z.string(),
  exitCode: z.number().optional(),
  signal: z.string().optional(),
  lastLines: z.array(z.string()).optional(),
  retriable: z.boolean().optional(),
  summary: z.string().optional(),
  details: jsonObjectSchema.optional(),
}) satisfies z.ZodType<FailureInfo>;

const stringMapSchema = z.record(z.string(), z.string());

const stepDefinitionSchema = z.looseObject({
  id: z.string(),
  action: z.string(),
  universe: z.enum(UNIVERSES),
  dependsOn: z.array(z.string()),
  beat: z.string().optional(),
  with: jsonObjectSchema,
  timeoutMs: z.number().optional(),
  retries: z.number(),
  env: stringMapSchema,
  if: z.string().optional(),
});

const workflowInputSchema = z.looseObject({
  name: z.string(),
  type: z.enum(['string', 'number', 'boolean']),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
  required: z.boolean(),
});

/** `runs.definition`: the `WorkflowDefinition` snapshot a run was started with. */
export const workflowDefinitionSchema = z.looseObject({
  name: z.string(),
  narrative: z.string().optional(),
  description: z.string().optional(),
  maxParallel: z.number().optional(),
  env: stringMapSchema,
  secrets: z.array(z.string()).optional(),
  // Snapshots taken before workflows had inputs have none.
  inputs: z.array(workflowInputSchema).default([]),
  steps: z.array(stepDefinitionSchema),
}) satisfies z.ZodType<WorkflowDefinition>;

/** `runs.retelling` and the `telling` of a retelling order: the engine's `Telling`. */
export const tellingSchema = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('resume-latest'),
    fromRevision: z.string().nullable(),
    toRevision: z.string(),
    changeCount: z.number(),
    changed: z.array(z.string()),
    added: z.array(z.string()),
    removed: z.array(z.string()),
  }),
  z.looseObject({ kind: z.literal('retry'), step: z.string(), downstream: z.boolean() }),
  z.looseObject({
    kind: z.literal('rerun'),
    fromRun: z.string(),
    from: z.string().optional(),
    only: z.array(z.string()).optional(),
    latest: z.boolean(),
    kept: z.number(),
  }),
]) satisfies z.ZodType<Telling>;

/** `runs.resume_request`: a re-telling asked for and not yet begun. */
export const retellingOrderSchema = z.looseObject({
  steps: z.array(z.string()),
  telling: tellingSchema,
  switchTo: z
    .looseObject({
      revisionId: z.string(),
      definitionYaml: z.string(),
      definition: workflowDefinitionSchema,
      inputs: jsonObjectSchema,
    })
    .optional(),
}) satisfies z.ZodType<RetellingOrder>;

/**
 * The stored value, checked against `schema`; an `InvalidColumnError` naming the run and the
 * column when it does not match.
 */
export function parseColumn<T>(
  schema: z.ZodType<T>,
  value: unknown,
  runId: string,
  column: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidColumnError(runId, column, describeIssues(result.error), {
    cause: result.error,
  });
}

/**
 * The stored value of a row that belongs to no run (an audit entry), checked against `schema`;
 * an `InvalidColumnError` naming `subject` (`audit entry 12`) and the column when it does not match.
 */
export function parseRowColumn<T>(
  schema: z.ZodType<T>,
  value: unknown,
  subject: string,
  column: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidColumnError('', column, describeIssues(result.error), {
    cause: result.error,
    subject,
  });
}

/** The first problem in one line (`steps.0.universe: Invalid option …`), and how many more. */
function describeIssues(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'does not match the expected shape';
  const path = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  const more =
    rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return `${path}${first.message}${more}`;
}
