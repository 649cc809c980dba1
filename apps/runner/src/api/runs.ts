import type { RunHeader, RunRecord } from '@arcflow/db';
import { incitingIncidentText, TRIGGER_EVENT_KINDS, type TriggerEvent } from '@arcflow/engine';
import { z } from 'zod';
import { artifactToJson } from '../artifacts/artifact-json.ts';
import { previewToJson } from '../runs/preview-json.ts';
import { runToJson } from '../runs/run-json.ts';
import { runOverviewToJson } from '../runs/run-overview-json.ts';
import { loadRunPeople } from '../runs/run-people.ts';
import { OUTLINE_OVER_EVENTS, storyOutline } from '../runs/story-outline.ts';
import { RunNotFoundError } from '../service/errors.ts';
import type { ApiDeps } from './context.ts';
import { mapStreamErrors } from './errors.ts';
import { eventToJson } from './event-json.ts';
import {
  attemptSchema,
  eventPageSizeSchema,
  inputsSchema,
  isBigintId,
  lastEventIdSchema,
  lineNumberSchema,
  logIdSchema,
  MAX_COMMENT_CHARS,
  MAX_EVENTS_TAIL,
  nameSchema,
  pageSizeSchema,
  runIdSchema,
  runStatusSchema,
  seqSchema,
  stepIdSchema,
} from './schemas.ts';
import {
  followAllRuns,
  followLogs,
  followRun,
  logToJson,
  MAX_LOG_PAGE,
  seqFromLastEventId,
} from './streams.ts';
import { roleProcedure, router } from './trpc.ts';

/** At most this many events come with `runs.get`; page on with `runs.events`. */
const MAX_EVENTS_IN_RUN = 10_000;

/** The story's latest events a run's page starts from (`runs.overview`). */
const OVERVIEW_EVENTS_TAIL = 300;

/** Commits and changed files a run's page shows at most (a push may carry thousands). */
const MAX_EVENT_ITEMS = 50;

/** The stored event as the engine's `TriggerEvent`, or null when there is none (or not one). */
function triggerEventOf(stored: unknown): TriggerEvent | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const kind = (stored as { kind?: unknown }).kind;
  return TRIGGER_EVENT_KINDS.includes(kind as TriggerEvent['kind'])
    ? (stored as TriggerEvent)
    : null;
}

/**
 * What started the run, for the runs list and the run page: the event's kind and the facts
 * people recognise (branch, tag, sha, who, the pull request, the schedule), and its inciting
 * incident ("Ada pushed 3 commits to main"). Null for a run started without an event.
 */
export function triggerJson(stored: unknown) {
  const event = triggerEventOf(stored);
  if (!event) return null;
  return {
    kind: event.kind,
    text: incitingIncidentText(event),
    source: event.source ?? null,
    ref: event.ref ?? null,
    branch: event.branch ?? null,
    tag: event.tag ?? null,
    sha: event.sha ?? null,
    author: event.author ?? null,
    deliveryId: event.deliveryId ?? null,
    pr: event.pr ? { number: event.pr.number, title: event.pr.title, base: event.pr.base } : null,
    schedule: event.schedule
      ? {
          cron: event.schedule.cron,
          timezone: event.schedule.timezone ?? null,
          time: event.schedule.time,
        }
      : null,
  };
}

/**
 * The stored event for the run page, without a webhook's body (the Deliveries page shows it)
 * and with at most `MAX_EVENT_ITEMS` commits and changed files: the page refetches the run on
 * every event, so its size matters.
 */
function eventJson(stored: unknown) {
  const event = triggerEventOf(stored);
  if (!event) return null;
  const { payload: _payload, commits, changedFiles, ...rest } = event;
  return {
    ...rest,
    ...(commits ? { commits: commits.slice(0, MAX_EVENT_ITEMS), commitCount: commits.length } : {}),
    ...(changedFiles
      ? {
          changedFiles: changedFiles.slice(0, MAX_EVENT_ITEMS),
          changedFileCount: changedFiles.length,
        }
      : {}),
  };
}

/** Where a run waits and why: what the runs list and the run page say about a queued run. */
function queueJson(
  run: Pick<RunRecord, 'queuedReason' | 'concurrencyGroup' | 'runsOn'>,
  queuePosition: number | null,
) {
  return {
    /** 1 = claimed next, among the queued runs no runner holds; null when not waiting. */
    queuePosition,
    queuedReason: run.queuedReason,
    concurrencyGroup: run.concurrencyGroup,
    runsOn: run.runsOn,
  };
}

/**
 * The run for the API. With `eventsTail`, only the latest events come along, with an outline of
 * the whole story in bins (when it is long); see `runs.overview` for what a run's page needs.
 */
async function runJson(deps: ApiDeps, runId: string, options: { eventsTail?: number } = {}) {
  const run = await deps.service.getRun(runId);
  const { events, ...story } = await storyOf(deps, run, options.eventsTail);
  return {
    ...runToJson(run, events, await loadRunPeople(deps.session.store, run)),
    ...story,
  };
}

/**
 * The run as its page first paints it: its steps summarised (`runOverviewToJson`), the story's
 * latest `eventsTail` events and an outline of the rest — a 5,000-step run's page paints from
 * about 1 MB instead of 2–4 MB, read in a tenth of the time (`Runs.overview`).
 */
async function overviewJson(deps: ApiDeps, runId: string, eventsTail: number) {
  const run = await deps.session.store.runs.overview(runId);
  if (!run) throw new RunNotFoundError(runId);
  const usesWorkflows = run.steps.some((step) => step.uses !== null);
  const [{ events, ...story }, people, children] = await Promise.all([
    storyOf(deps, run, eventsTail),
    loadRunPeople(deps.session.store, run),
    usesWorkflows ? deps.session.store.runs.children(run.id) : [],
  ]);
  return { ...runOverviewToJson(run, events, people, children), ...story };
}

/**
 * The run's events (only the latest `tail` when given, with the outline of a long story) and
 * what the run page says about how it started and where it waits.
 */
async function storyOf(deps: ApiDeps, run: RunHeader, tail: number | undefined) {
  // Seqs have no gaps: the last `tail` events are the ones after `lastSeq - tail`.
  const afterSeq = tail === undefined ? 0 : Math.max(0, run.lastSeq - tail);
  const [events, outline, position] = await Promise.all([
    deps.session.store.events.list(run.id, afterSeq, tail ?? MAX_EVENTS_IN_RUN),
    tail !== undefined && run.lastSeq > Math.max(tail, OUTLINE_OVER_EVENTS)
      ? storyOutline(deps.session.db.prisma, run.id, run.lastSeq)
      : null,
    run.status === 'queued' ? deps.session.store.leases.queuePosition(run.id) : null,
  ]);
  return {
    // Events committed after the run was read are left for the event stream: the run and the
    // events it comes with then tell the same moment (a run that ended in between is not
    // shown running with its ending already in the story).
    events: events.filter((event) => event.seq <= run.lastSeq),
    triggeredBy: run.triggeredBy,
    event: eventJson(run.event),
    trigger: triggerJson(run.event),
    ...queueJson(run, position),
    /** How many events the run has told: `events` may hold only the latest (`eventsTail`). */
    eventCount: run.lastSeq,
    /** The whole story in bins of time, when `events` holds only the latest of many; else null. */
    outline,
  };
}

/** The stored events of these runs (most runs have none), read in one query. */
async function storedEvents(deps: ApiDeps, runIds: string[]): Promise<Map<string, unknown>> {
  if (runIds.length === 0) return new Map();
  const rows = await deps.session.db.prisma.run.findMany({
    where: { id: { in: runIds } },
    select: { id: true, event: true },
  });
  return new Map(rows.map((row) => [row.id, row.event]));
}

const runInput = z.object({ runId: runIdSchema });

/** A resume (on the current definition with `latest`), a retry, or a rerun of a recorded run. */
const retellRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resume'), runId: runIdSchema, latest: z.boolean().default(false) }),
  z.object({
    kind: z.literal('retry'),
    runId: runIdSchema,
    step: stepIdSchema,
    downstream: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('rerun'),
    runId: runIdSchema,
    from: stepIdSchema.optional(),
    only: z.array(stepIdSchema).min(1).max(1000).optional(),
    latest: z.boolean().default(false),
  }),
]);
/** Who decides is the caller (`ctx.actor`), never a name in the input. */
const decisionInput = z
  .object({
    runId: runIdSchema,
    stepId: stepIdSchema,
    comment: z.string().max(MAX_COMMENT_CHARS).optional(),
  })
  .strict();

const stepInput = z.object({ runId: runIdSchema, stepId: stepIdSchema });

const decide = (decision: 'approve' | 'reject') =>
  roleProcedure('approver')
    .input(decisionInput)
    .mutation(async ({ ctx, input }) => {
      const recorded = await ctx.deps.service.decide({ ...input, decision }, ctx.actor);
      ctx.deps.logger.info(
        { runId: input.runId, stepId: input.stepId, decision, by: recorded.by },
        'decision',
      );
      return runJson(ctx.deps, input.runId);
    });

export const runsRouter = router({
  start: roleProcedure('operator')
    .input(
      z.object({
        workflow: nameSchema,
        inputs: inputsSchema.optional(),
        /** Run steps with `cache:` even when their result could be restored. */
        noCache: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const run = await ctx.deps.service.startRun(
        {
          workflow: input.workflow,
          inputs: input.inputs,
          triggeredBy: 'api',
          ...(input.noCache ? { noCache: true } : {}),
        },
        ctx.actor,
      );
      ctx.deps.logger.info({ runId: run.id, workflow: run.workflowName }, 'run started');
      return runToJson(run, [], await loadRunPeople(ctx.deps.session.store, run));
    }),

  resume: roleProcedure('operator')
    .input(runInput)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.service.resumeRun(input.runId, ctx.actor);
      ctx.deps.logger.info({ runId: input.runId }, 'run resume requested');
      return runJson(ctx.deps, input.runId);
    }),

  /** The resolution preview: what a resume, retry or rerun would run, in order, and why. */
  preview: roleProcedure('viewer')
    .input(retellRequestSchema)
    .query(async ({ ctx, input }) => previewToJson(await ctx.deps.service.previewRetelling(input))),

  /**
   * Resumes, retries or reruns, once every irreversible effect it would repeat is among the
   * `acknowledged` steps (else PRECONDITION_FAILED naming them). Returns the run that goes on.
   */
  retell: roleProcedure('operator')
    .input(
      z.object({
        request: retellRequestSchema,
        acknowledged: z.array(stepIdSchema).max(1000).default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { run, preview } = await ctx.deps.service.retell(
        input.request,
        { acknowledged: input.acknowledged, by: 'api' },
        ctx.actor,
      );
      ctx.deps.logger.info(
        {
          runId: run.id,
          from: input.request.runId,
          kind: input.request.kind,
          steps: preview.plan.run,
        },
        'run re-told',
      );
      return runJson(ctx.deps, run.id);
    }),

  cancel: roleProcedure('operator')
    .input(runInput)
    .mutation(async ({ ctx, input }) => {
      await ctx.deps.service.cancelRun(input.runId, ctx.actor);
      ctx.deps.logger.info({ runId: input.runId }, 'run cancel requested');
      return runJson(ctx.deps, input.runId);
    }),

  /** Deletes an ended run with its events, logs and artifacts; audited. */
  delete: roleProcedure('admin')
    .input(runInput)
    .mutation(async ({ ctx, input }) => {
      const deleted = await ctx.deps.service.deleteRun(input.runId, ctx.actor);
      ctx.deps.logger.info(deleted, 'run deleted');
      return deleted;
    }),

  /** The files the run's steps kept (`artifacts:`), each with the path to download it. */
  artifacts: roleProcedure('viewer')
    .input(runInput)
    .query(async ({ ctx, input }) => {
      await ctx.deps.service.getRun(input.runId);
      const artifacts = await ctx.deps.session.store.artifacts.listByRun(input.runId);
      return artifacts.map(artifactToJson);
    }),

  approve: decide('approve'),
  reject: decide('reject'),

  /**
   * Whether the caller may approve or reject the step now, and if not why ("you started this
   * run; someone else must approve (four-eyes rule)"). Open to viewers so the UI can say so.
   */
  canDecide: roleProcedure('viewer')
    .input(stepInput)
    .query(({ ctx, input }) => ctx.deps.service.canDecide(input.runId, input.stepId, ctx.actor)),

  list: roleProcedure('viewer')
    .input(
      z
        .object({
          workflow: nameSchema.optional(),
          status: runStatusSchema.optional(),
          limit: pageSizeSchema.optional(),
          cursor: z.object({ createdAt: z.iso.datetime(), id: runIdSchema }).optional(),
        })
        .optional(),
    )
    .query(async ({ ctx, input = {} }) => {
      const limit = input.limit ?? 50;
      const rows = await ctx.deps.session.store.runs.list({
        workflowName: input.workflow,
        status: input.status,
        limit: limit + 1,
        before: input.cursor && {
          createdAt: new Date(input.cursor.createdAt),
          id: input.cursor.id,
        },
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const [events, positions] = await Promise.all([
        storedEvents(
          ctx.deps,
          items.map((run) => run.id),
        ),
        ctx.deps.session.store.leases.queuePositions(
          items.filter((run) => run.status === 'queued').map((run) => run.id),
        ),
      ]);
      return {
        items: items.map((run) => ({
          ...run,
          trigger: triggerJson(events.get(run.id)),
          ...queueJson(run, positions.get(run.id) ?? null),
        })),
        nextCursor:
          rows.length > limit && last
            ? { createdAt: last.createdAt.toISOString(), id: last.id }
            : null,
      };
    }),

  get: roleProcedure('viewer')
    .input(
      runInput.extend({
        /** Only the latest this many events (and the story's outline); all of them without it. */
        eventsTail: z.number().int().min(1).max(MAX_EVENTS_TAIL).optional(),
      }),
    )
    .query(({ ctx, input }) => runJson(ctx.deps, input.runId, { eventsTail: input.eventsTail })),

  /**
   * What a run's page paints first: the run, its steps summarised (no outputs, failures as
   * their message, attempts only where the step does not tell them), the story's latest
   * `eventsTail` events (default 300) and an outline of the rest. `get` has the whole run.
   */
  overview: roleProcedure('viewer')
    .input(
      runInput.extend({
        eventsTail: z.number().int().min(1).max(MAX_EVENTS_TAIL).default(OVERVIEW_EVENTS_TAIL),
      }),
    )
    .query(({ ctx, input }) => overviewJson(ctx.deps, input.runId, input.eventsTail)),

  events: roleProcedure('viewer')
    .input(
      z.object({
        runId: runIdSchema,
        afterSeq: seqSchema.optional(),
        limit: eventPageSizeSchema.optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await ctx.deps.service.getRun(input.runId);
      const limit = input.limit ?? 200;
      const events = await ctx.deps.session.store.events.list(
        input.runId,
        input.afterSeq ?? 0,
        limit,
      );
      return events.map(eventToJson);
    }),

  /**
   * A page of a step's log. By line number: `fromLine` (from 0) or the last `tail` lines of
   * one attempt (the latest when `attempt` is left out), with the attempt's size. Else in the
   * order written, after `afterId` (every attempt unless `attempt` is given).
   */
  logs: roleProcedure('viewer')
    .input(
      z.object({
        runId: runIdSchema,
        stepId: stepIdSchema,
        attempt: attemptSchema.optional(),
        afterId: logIdSchema.optional(),
        fromLine: lineNumberSchema.optional(),
        tail: z.number().int().min(1).max(MAX_LOG_PAGE).optional(),
        limit: z.number().int().min(1).max(MAX_LOG_PAGE).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await ctx.deps.service.getRun(input.runId);
      const logs = ctx.deps.session.store.logs;
      const limit = input.limit ?? 200;
      const attempt = input.attempt ?? (await logs.latestAttempt(input.runId, input.stepId));
      const size =
        attempt === null
          ? { lines: 0, bytes: 0 }
          : await logs.size(input.runId, input.stepId, attempt);
      const byLine = input.fromLine !== undefined || input.tail !== undefined;
      const found =
        byLine && attempt !== null
          ? await logs.page(input.runId, input.stepId, attempt, {
              fromLine:
                input.tail !== undefined
                  ? Math.max(0, size.lines - input.tail)
                  : (input.fromLine ?? 0),
              limit: input.tail ?? limit,
            })
          : byLine
            ? []
            : await logs.list(input.runId, {
                stepId: input.stepId,
                attempt: input.attempt,
                afterId: input.afterId === undefined ? undefined : BigInt(input.afterId),
                limit,
              });
      const lines = found.map(logToJson);
      return {
        lines,
        nextAfterId: lines.at(-1)?.id ?? input.afterId ?? null,
        /** The attempt the sizes are of (the latest with output, unless one was asked for). */
        attempt,
        total: size,
      };
    }),

  onEvent: roleProcedure('viewer')
    .input(
      z
        .object({
          runId: runIdSchema.optional(),
          afterSeq: seqSchema.optional(),
          lastEventId: lastEventIdSchema,
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, input = {}, signal }) {
      const aborted = signal ?? new AbortController().signal;
      if (!input.runId) {
        yield* mapStreamErrors(followAllRuns(ctx.deps, aborted));
        return;
      }
      await ctx.deps.service.getRun(input.runId);
      // A reconnecting client sends the id of the last event it got; honour whichever is later.
      const afterSeq = Math.max(
        input.afterSeq ?? 0,
        seqFromLastEventId(input.lastEventId, input.runId),
      );
      yield* mapStreamErrors(followRun(ctx.deps, input.runId, afterSeq, aborted));
    }),

  onLog: roleProcedure('viewer')
    .input(
      z.object({
        runId: runIdSchema,
        stepId: stepIdSchema,
        attempt: attemptSchema.optional(),
        afterId: logIdSchema.optional(),
        lastEventId: lastEventIdSchema,
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      await ctx.deps.service.getRun(input.runId);
      const resumeFrom =
        input.lastEventId && isBigintId(input.lastEventId) ? input.lastEventId : undefined;
      yield* mapStreamErrors(
        followLogs(
          ctx.deps,
          {
            runId: input.runId,
            stepId: input.stepId,
            attempt: input.attempt,
            afterId: resumeFrom ?? input.afterId,
          },
          signal ?? new AbortController().signal,
        ),
      );
    }),
});
