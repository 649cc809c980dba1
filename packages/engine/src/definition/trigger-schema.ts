import { z } from 'zod';
import { PULL_REQUEST_TYPES } from '../triggers/event.ts';
import { Suggester } from './suggest.ts';

// `on:`, `concurrency:` and `runs_on:` as written in YAML. Their deeper checks (cron,
// time zone, globs, the group's expression) are in `trigger-checks.ts`, located at line:col.

export const TRIGGER_NAMES = ['push', 'pull_request', 'schedule', 'webhook', 'release'] as const;
export const LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const patterns = (what: string) =>
  z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .transform((value) => (typeof value === 'string' ? [value] : value))
    .meta({
      description: `${what}: glob patterns (* within a segment, ** across them); a pattern starting with ! excludes, and a later pattern overrides an earlier one.`,
    });

const pushSchema = z
  .object({
    branches: patterns('Branches whose pushes start a run').optional(),
    branches_ignore: patterns('Branches whose pushes never start a run').optional(),
    tags: patterns('Tags whose pushes start a run').optional(),
    tags_ignore: patterns('Tags whose pushes never start a run').optional(),
    paths: patterns('A push starts a run only if a changed file matches').optional(),
    paths_ignore: patterns('A push whose changed files all match does not start a run').optional(),
  })
  .strict()
  .nullable()
  .meta({
    description:
      'Start a run when commits or tags are pushed. Without branches or tags, every push does; with only branches, tag pushes do not, and the other way round.',
  });

const pullRequestTypeSchema = z.enum(PULL_REQUEST_TYPES, {
  error: (issue) => {
    const value = issue.input;
    const hint = `use one of ${PULL_REQUEST_TYPES.join(', ')}`;
    if (typeof value !== 'string') return `a pull request type is a string; ${hint}`;
    return `unknown pull request type ${JSON.stringify(value)}${new Suggester().tail(value, PULL_REQUEST_TYPES, hint)}`;
  },
});

const pullRequestSchema = z
  .object({
    types: z.array(pullRequestTypeSchema).min(1).optional().meta({
      description: 'Which activity starts a run. Default: opened, synchronize, reopened.',
    }),
    branches: patterns('Base branches (the branch merged into)').optional(),
    branches_ignore: patterns('Base branches whose pull requests never start a run').optional(),
    paths: patterns('A pull request starts a run only if a changed file matches').optional(),
    paths_ignore: patterns(
      'A pull request whose changed files all match does not start a run',
    ).optional(),
  })
  .strict()
  .nullable()
  .meta({ description: 'Start a run when a pull request is opened, updated or reopened.' });

const scheduleSchema = z
  .array(
    z
      .object({
        cron: z.string().min(1).meta({
          description:
            'minute hour day-of-month month day-of-week (5 fields), or with seconds first (6 fields), e.g. "0 3 * * 1-5".',
        }),
        timezone: z.string().min(1).optional().meta({
          description: 'An IANA time zone like Europe/Paris. Default UTC.',
        }),
        catch_up: z.boolean().optional().meta({
          description:
            'When ticks were missed while no runner was up: true fires once for them, false (default) skips them.',
        }),
      })
      .strict(),
  )
  .min(1)
  .meta({ description: 'Start runs on a schedule.' });

const releaseSchema = z
  .object({ tags: patterns('Tags whose releases start a run').optional() })
  .strict()
  .nullable()
  .meta({ description: 'Start a run when a release is published.' });

/** Events `on:` may name without options (`on: push`, `on: [push, pull_request]`), as GitHub allows. */
const SHORT_FORM_NAMES = ['push', 'pull_request', 'webhook', 'release'] as const;

const shortFormName = z.enum(SHORT_FORM_NAMES, {
  error: (issue) => {
    const value = issue.input;
    if (value === 'schedule') {
      return 'a schedule needs its times: write on: { schedule: [{ cron: "0 3 * * *" }] }';
    }
    const hint = `use one of ${SHORT_FORM_NAMES.join(', ')}, or the map form for schedule`;
    if (typeof value !== 'string') return `an event name is a string; ${hint}`;
    return `unknown event ${JSON.stringify(value)}${new Suggester().tail(value, TRIGGER_NAMES, hint)}`;
  },
});

// A string first, so that a map is told it is not one (and not "unknown event"); the editor
// still completes the names.
const shortFormString = z.string().meta({ enum: [...SHORT_FORM_NAMES] });

/** `on: push` and `on: [push, pull_request]`: each named event with its defaults. */
const eventNames = (names: string[]) => Object.fromEntries(names.map((name) => [name, null]));

const onMapForm = z
  .object({
    push: pushSchema.optional(),
    pull_request: pullRequestSchema.optional(),
    schedule: scheduleSchema.optional(),
    webhook: z.object({}).strict().nullable().optional().meta({
      description: "Start a run when POST /hooks/<workflow's name> receives a signed body.",
    }),
    release: releaseSchema.optional(),
  })
  .strict();

export const onSchema = z
  // Each form on its own branch, so that a value of the wrong shape is told what fits it.
  .union([
    shortFormString.pipe(shortFormName).transform((name) => eventNames([name])),
    z.array(shortFormString.pipe(shortFormName)).min(1).transform(eventNames),
    onMapForm,
  ])
  .transform((on): z.output<typeof onMapForm> => on)
  .meta({
    description:
      'What starts a run by itself: a map of events with their filters, or event names (push, [push, pull_request]). Runs can always be started by hand, with or without on:.',
  });

export const concurrencySchema = z
  .union([
    z.string().min(1),
    z
      .object({
        group: z.string().min(1).meta({
          description: `The group's name, usually with an expression: "deploy-\${{ event.branch }}".`,
        }),
        cancel_in_progress: z.boolean().optional().meta({
          description:
            'true: a new run cancels the running one of its group; false (default): it waits its turn.',
        }),
      })
      .strict(),
  ])
  .meta({
    description:
      'At most one run at a time per group; the others queue in order (or, with cancel_in_progress, replace it). A string is the group.',
  });

export const runsOnSchema = z
  .union([
    z.string().regex(LABEL_PATTERN, { error: labelMessage }),
    z.array(z.string().regex(LABEL_PATTERN, { error: labelMessage })).min(1),
  ])
  .transform((value) => (typeof value === 'string' ? [value] : value))
  .meta({
    description: 'Labels a runner must all have to run this, e.g. [linux, docker].',
  });

function labelMessage(): string {
  return 'a runner label starts with a letter or digit and contains only letters, digits, ".", "-" and "_"';
}
