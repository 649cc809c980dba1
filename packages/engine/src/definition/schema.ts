import { z } from 'zod';
import { UNIVERSES } from '../statuses.ts';
import { BYTE_SIZE_PATTERN, parseByteSize } from './byte-size.ts';
import { cacheSchema } from './cache-schema.ts';
import { DURATION_PATTERN, parseDuration } from './duration.ts';
import { fanOutFields } from './fan-out-schema.ts';
import { MAX_LOG_MAX_BYTES, MAX_STEPS, MAX_TIMEOUT_MS, MIN_LOG_MAX_BYTES } from './limits.ts';
import { Suggester } from './suggest.ts';
import { concurrencySchema, onSchema, runsOnSchema } from './trigger-schema.ts';

// The file format as written in YAML (snake_case). `parseWorkflow` turns its output into a
// `WorkflowDefinition`; `workflowJsonSchema` exports its input side for the editor.

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const STEP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const INPUT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
export const INPUT_TYPES = ['string', 'number', 'boolean'] as const;

const envSchema = z
  .record(
    z.string(),
    z
      .union([z.string(), z.number(), z.boolean()])
      .transform(String)
      .meta({ description: 'The value; numbers and booleans become strings.' }),
  )
  .meta({ description: 'Environment variables, as KEY: value.' });

const durationSchema = z
  .union([
    z.number().meta({ description: 'Seconds.' }),
    z
      .string()
      .meta({ description: 'Like 500ms, 90s, 10m, 1h or 1h30m.', pattern: DURATION_PATTERN }),
  ])
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms === 0) {
      ctx.addIssue({
        code: 'custom',
        input: value,
        message: `invalid duration ${JSON.stringify(value)}; use a positive number of seconds or a string like 500ms, 90s, 10m, 1h, 1h30m`,
      });
      return z.NEVER;
    }
    if (ms > MAX_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', input: value, message: 'must be at most 24d' });
      return z.NEVER;
    }
    return ms;
  });

const logMaxBytesSchema = z
  .union([
    z.number().meta({ description: 'Bytes.' }),
    z.string().meta({
      description: 'Like 512KB, 10MB or 1GB (or KiB, MiB, GiB).',
      pattern: BYTE_SIZE_PATTERN,
    }),
  ])
  .transform((value, ctx) => {
    const bytes = parseByteSize(value);
    if (bytes === undefined) {
      ctx.addIssue({
        code: 'custom',
        input: value,
        message: `invalid size ${JSON.stringify(value)}; use a number of bytes or a string like 512KB, 10MB, 1GB (KiB, MiB, GiB count in 1024s)`,
      });
      return z.NEVER;
    }
    if (bytes < MIN_LOG_MAX_BYTES || bytes > MAX_LOG_MAX_BYTES) {
      ctx.addIssue({
        code: 'custom',
        input: value,
        message: `must be between 1KB and 1GB, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return bytes;
  });

/** An artifact glob: relative to the workspace and never above it. */
const artifactPatternSchema = z
  .string()
  .min(1)
  .max(500)
  .refine((pattern) => !/^(!?)([/\\]|[A-Za-z]:)/.test(pattern), {
    error: 'must be relative to the workspace, not an absolute path',
  })
  .refine((pattern) => !pattern.split(/[/\\]/).includes('..'), {
    error: 'may not contain ".." (artifacts come from inside the workspace)',
  })
  .meta({ description: 'A glob relative to the workspace: *, **, ?, {a,b}; !pattern leaves out.' });

/** How long artifacts are kept: like durations, plus whole days (30d). */
const retentionSchema = z
  .union([
    z.number().meta({ description: 'Seconds.' }),
    z.string().meta({ description: 'Like 7d, 30d or 12h.', pattern: DURATION_PATTERN }),
  ])
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < 60_000 || ms > MAX_ARTIFACT_RETENTION_MS) {
      ctx.addIssue({
        code: 'custom',
        input: value,
        message: `invalid retention ${JSON.stringify(value)}; use a duration between 1m and 3650d, like 7d or 30d`,
      });
      return z.NEVER;
    }
    return ms;
  });

const MAX_ARTIFACT_RETENTION_MS = 3650 * 86_400_000;

const LOG_MAX_BYTES_EFFECT =
  'past it, the first half and the last half are stored, with a line saying how much was dropped between them';

const universeSchema = z.enum(UNIVERSES, {
  error: (issue) => {
    const value = issue.input;
    const hint = `use one of ${UNIVERSES.join(', ')}`;
    if (typeof value !== 'string') return `universe must be a string; ${hint}`;
    return `unknown universe ${JSON.stringify(value)}${new Suggester().tail(value, UNIVERSES, hint)}`;
  },
});

const inputSchema = z
  .object({
    type: z
      .enum(INPUT_TYPES)
      .default('string')
      .meta({ description: 'The type of the value: string, number or boolean. Default string.' }),
    default: z.union([z.string(), z.number(), z.boolean()]).optional().meta({
      description:
        'The value when the run is started without this input. Without a default the input is required.',
    }),
    description: z
      .string()
      .optional()
      .meta({ description: 'What the input means, shown in the CLI help and the run form.' }),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.default === undefined || typeof input.default === input.type) return;
    const hint =
      input.type === 'string' ? `; quote it: "${String(input.default)}"` : ` (type: ${input.type})`;
    ctx.addIssue({
      code: 'custom',
      path: ['default'],
      input: input.default,
      message: `the default must be a ${input.type}, got ${typeof input.default} ${JSON.stringify(input.default)}${hint}`,
    });
  })
  .nullable()
  .meta({ description: 'One input: its type, default and description.' });

const inputsSchema = z
  .record(
    z.string().regex(INPUT_NAME_PATTERN, {
      error:
        'an input name must start with a letter or "_" and contain only letters, digits, "-" and "_"',
    }),
    inputSchema,
  )
  .meta({
    description: `What the run is started with (\`arcflow run --input name=value\`, the run form); read in expressions as \${{ inputs.name }}.`,
  });

export const stepSchema = z
  .object({
    id: z
      .string()
      .max(100)
      .regex(STEP_ID_PATTERN, {
        error: 'must start with a letter or digit and contain only letters, digits, "-" and "_"',
      })
      .meta({
        description: 'Unique name of the step, used in depends_on. Letters, digits, "-" and "_".',
      }),
    action: z.string().min(1).optional().meta({
      description:
        'What the step does: the name of a registered action. A step has action: or uses:.',
    }),
    // Sub-workflows: a step runs another workflow as one step (`with:` are its inputs).
    uses: z
      .string()
      .regex(NAME_PATTERN, {
        error: 'must be the name of a workflow: lowercase letters, digits, "-" and "_"',
      })
      .optional()
      .meta({
        description:
          "Runs another workflow (of the workspace or a template) as this step, as a child run; with: are its inputs, and the child's outputs: become this step's outputs. A step has action: or uses:.",
      }),
    universe: universeSchema.default('engineer').meta({
      description:
        'Which universe the beat belongs to: engineer (technical work), ceremony (a person approves) or story. Default engineer.',
    }),
    beat: z
      .string()
      .optional()
      .meta({ description: 'The sentence told in the story when this step completes.' }),
    depends_on: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => (typeof value === 'string' ? [value] : value))
      .optional()
      .meta({ description: 'Ids of the steps that must succeed before this one starts.' }),
    with: z.record(z.string(), z.unknown()).optional().meta({
      description: `The action's inputs, checked against the action's own schema. Strings may use \${{ }} expressions over inputs and upstream steps.`,
    }),
    timeout: durationSchema.optional().meta({
      description:
        'Maximum running time per attempt: seconds as a number, or 500ms, 90s, 10m, 1h, 1h30m.',
    }),
    retries: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(0)
      .meta({ description: 'How many times a failed attempt is retried (0 to 100). Default 0.' }),
    env: envSchema.optional().meta({
      description: `Environment variables for this step, over the workflow env. Values may use \${{ }} expressions.`,
    }),
    cache: cacheSchema.optional(),
    if: z
      .union([z.string().trim().min(1), z.boolean()])
      .transform(String)
      .optional()
      .meta({
        description: `Run the step only when this expression is true, e.g. inputs.environment == 'production' (with or without \${{ }}). When false the step and the steps that depend on it are skipped.`,
      }),
    ...fanOutFields,
    runs_on: runsOnSchema.optional().meta({
      description:
        "Labels the runner of this step must all have, e.g. [gpu]; adds to the workflow's runs_on.",
    }),
    log_max_bytes: logMaxBytesSchema.optional().meta({
      description: `How much of its output one attempt of this step stores, as bytes or 512KB, 10MB, 1GB; ${LOG_MAX_BYTES_EFFECT}. Default: the workflow's log_max_bytes, else the runner's (10MB).`,
    }),
    artifacts: z.array(artifactPatternSchema).max(100).optional().meta({
      description:
        'Files kept after the step succeeds, as glob patterns relative to the workspace (dist/**, coverage/lcov.info, !**/*.map). They are listed with the run, downloadable, and placed in the workspace of steps that name this one in needs_artifacts.',
    }),
    needs_artifacts: z
      .array(z.string().regex(STEP_ID_PATTERN, { error: 'must be a step id' }))
      .max(100)
      .optional()
      .meta({
        description:
          'Ids of upstream steps (direct or indirect dependencies) whose artifacts are placed in the workspace, at the paths they were captured from, before this step runs.',
      }),
  })
  .strict()
  .meta({ description: 'One step (a beat of the story).' });

export const workflowSchema = z
  .object(
    {
      name: z
        .string()
        .max(100)
        .regex(NAME_PATTERN, {
          error:
            'must start with a lowercase letter or digit and contain only lowercase letters, digits, "-" and "_"',
        })
        .meta({
          description: 'Unique name of the workflow: lowercase letters, digits, "-" and "_".',
        }),
      narrative: z
        .string()
        .optional()
        .meta({ description: 'The arc of the story this workflow tells, in one sentence.' }),
      description: z.string().optional().meta({ description: 'What the workflow is for.' }),
      max_parallel: z
        .number()
        .int()
        .positive()
        .optional()
        .meta({ description: "How many steps may run at once. Default: the machine's CPU count." }),
      env: envSchema.optional().meta({ description: 'Environment variables for every step.' }),
      secrets: z
        .array(
          z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name' }),
        )
        .max(100)
        .optional()
        .meta({
          description:
            'Names of environment variables whose values are secret: they are masked (***) in stored logs and failure messages.',
        }),
      four_eyes: z.boolean().optional().meta({
        description:
          'Whether the person who started a run may not approve its ceremony steps (the four-eyes rule, team mode). Default true; false waives it, and the story says so.',
      }),
      inputs: inputsSchema.optional(),
      on: onSchema.optional(),
      concurrency: concurrencySchema.optional(),
      runs_on: runsOnSchema.optional(),
      log_max_bytes: logMaxBytesSchema.optional().meta({
        description: `How much of its output one attempt of each step stores, as bytes or 512KB, 10MB, 1GB; ${LOG_MAX_BYTES_EFFECT}. A step's own log_max_bytes wins. Default: the runner's ARCFLOW_STEP_LOG_MAX_BYTES (10MB).`,
      }),
      artifact_retention: retentionSchema.optional().meta({
        description:
          "How long the artifacts of this workflow's runs are kept, like 7d or 30d; expired ones are deleted by arcflow serve. Default 30d.",
      }),
      steps: z
        .array(stepSchema)
        .min(1)
        .max(MAX_STEPS)
        .meta({ description: 'The steps; independent steps run in parallel.' }),
      // Sub-workflows: what a run of this workflow hands to the step that `uses:` it.
      outputs: z
        .record(
          z.string().regex(INPUT_NAME_PATTERN, {
            error:
              'an output name must start with a letter or "_" and contain only letters, digits, "-" and "_"',
          }),
          z.string().meta({ description: `Usually an expression: \${{ steps.x.outputs.y }}.` }),
        )
        .optional()
        .meta({
          description: `What a successful run hands back, as name: value over its own steps and inputs (\${{ steps.build.outputs.version }}); a workflow that uses: this one reads them as \${{ steps.<id>.outputs.<name> }}.`,
        }),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'a workflow file must be a map with at least "name" and "steps"'
          : undefined,
    },
  )
  .strict()
  .meta({ title: 'Arcflow workflow', description: 'A workflow: steps told as a narrative arc.' });

export type WorkflowInput = z.input<typeof workflowSchema>;
export type WorkflowOutput = z.output<typeof workflowSchema>;
export type StepOutput = z.output<typeof stepSchema>;
export type InputOutput = NonNullable<z.output<typeof inputSchema>>;
