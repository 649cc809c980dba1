import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { type RevisionRecord, revisionHash } from '@arcflow/db';
import {
  builtinActionSpecs,
  criticalPath,
  levels,
  nextFireTimes,
  parseWorkflow,
  type WorkflowDefinition,
  workflowJsonSchema,
} from '@arcflow/engine';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { parseWorkflowKnowingSecrets, storedSecretNames } from '../identity/secret-names.ts';
import { labelsNeeded } from '../pools/labels.ts';
import { audit, workflowTarget } from '../service/audit.ts';
import { InvalidWorkflowError, RevisionNotFoundError } from '../service/errors.ts';
import { writeFileAtomic } from '../workflows/customize.ts';
import { workspaceWorkflowsDir } from '../workflows/locations.ts';
import { listWorkflowCandidates } from '../workflows/resolve.ts';
import { workspaceWorkflowLookup } from '../workflows/sub-workflow-lookup.ts';
import type { ApiDeps } from './context.ts';
import { nameSchema, yamlSchema } from './schemas.ts';
import { roleProcedure, router } from './trpc.ts';

type Origin = 'workspace' | 'template';

interface Entry {
  name: string;
  origin: Origin;
  path: string;
}

/** What the workspace can run: its own workflows, then the templates it does not override. */
export function workflowEntries(workspaceDir: string, options: { templatesOnly?: boolean } = {}) {
  return listWorkflowCandidates(workspaceDir, options).map(
    (c): Entry => ({
      name: c.name ?? basename(c.path, extname(c.path)),
      origin: c.origin,
      path: c.path,
    }),
  );
}

/** A path the API may show: relative to the workspace for its own files, else the file name. */
function shownFile(entry: Entry, workspaceDir: string): string {
  return entry.origin === 'workspace'
    ? relative(workspaceDir, entry.path)
    : `templates/${basename(entry.path)}`;
}

function parse(text: string, file: string) {
  const { definition, diagnostics } = parseWorkflow(text, { file, actions: builtinActionSpecs });
  const valid = diagnostics.every((d) => d.severity !== 'error');
  return { definition: definition ?? null, diagnostics, valid };
}

/** `parse`, with `${{ secrets.NAME }}` checked against the secrets set for the workflow. */
async function parseKnowingSecrets(deps: ApiDeps, text: string, file: string) {
  const { store, workspaceDir } = deps.session;
  const names = storedSecretNames(store.secrets, workspaceDir);
  const { definition, diagnostics } = await parseWorkflowKnowingSecrets(text, file, names, {
    workflows: workspaceWorkflowLookup(workspaceDir),
  });
  const valid = diagnostics.every((d) => d.severity !== 'error');
  return { definition: definition ?? null, diagnostics, valid };
}

export function summarize(entry: Entry, workspaceDir: string) {
  const file = shownFile(entry, workspaceDir);
  const { definition, diagnostics, valid } = parse(readFileSync(entry.path, 'utf8'), file);
  return {
    name: entry.name,
    origin: entry.origin,
    file,
    valid,
    problems: diagnostics.filter((d) => d.severity === 'error').length,
    steps: definition?.steps.length ?? null,
    narrative: definition?.narrative ?? null,
  };
}

/** The DAG the editor draws: one node per step with its level, and one edge per dependency. */
export function graphOf(definition: WorkflowDefinition | null) {
  if (!definition) return { nodes: [], edges: [], criticalPath: [] as string[] };
  const levelOf = new Map<string, number>();
  levels(definition.steps).forEach((ids, level) => {
    for (const id of ids) levelOf.set(id, level);
  });
  return {
    nodes: definition.steps.map((step) => ({
      id: step.id,
      action: step.action,
      uses: step.uses ?? null,
      universe: step.universe,
      beat: step.beat ?? null,
      dependsOn: step.dependsOn,
      level: levelOf.get(step.id) ?? 0,
    })),
    edges: definition.steps.flatMap((step) =>
      step.dependsOn.map((from) => ({ from, to: step.id })),
    ),
    // Without past durations every step counts the same: the longest chain of steps.
    criticalPath: criticalPath(definition.steps, () => 1).path,
  };
}

function findEntry(deps: ApiDeps, name: string): Entry {
  const entry = workflowEntries(deps.session.workspaceDir).find((e) => e.name === name);
  if (!entry) throw new TRPCError({ code: 'NOT_FOUND', message: `no workflow named "${name}"` });
  return entry;
}

/** `<workspace>/.mia/workflows/<name>.yaml`, refusing anything that would leave that folder. */
export function workspaceFileFor(workspaceDir: string, name: string): string {
  const dir = resolve(workspaceWorkflowsDir(workspaceDir));
  const file = resolve(dir, `${name}.yaml`);
  if (
    !nameSchema.safeParse(name).success ||
    !file.startsWith(dir + sep) ||
    basename(file).startsWith('.')
  ) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `"${name}" is not a workflow name` });
  }
  return file;
}

/** How many fire times `workflows.triggers` lists per schedule unless asked. */
const DEFAULT_FIRE_TIMES = 5;

/**
 * What starts the workflow besides a person: its `on:` (push, pull request, release, webhook),
 * each schedule with its next fire times after `from`, its concurrency group and the runner
 * labels it needs. Null parts are absent from the definition.
 */
export function triggersOf(definition: WorkflowDefinition, from: Date, count: number) {
  const on = definition.on ?? {};
  return {
    push: on.push ?? null,
    pullRequest: on.pullRequest ?? null,
    release: on.release ?? null,
    /** The generic webhook, `POST /hooks/<workflow>`; null when `on.webhook` is absent. */
    webhook: on.webhook ? { path: `/hooks/${definition.name}` } : null,
    schedules: (on.schedule ?? []).map((schedule) => ({
      cron: schedule.cron,
      /** IANA name; null: UTC. */
      timezone: schedule.timezone ?? null,
      catchUp: schedule.catchUp,
      next: nextFireTimes(schedule, from, count).map((time) => time.toISOString()),
    })),
    concurrency: definition.concurrency ?? null,
    runsOn: labelsNeeded(definition),
  };
}

/** A revision reference as people give it: its id, or a prefix of its hash (short id). */
const revisionRefSchema = z.string().min(1).max(100);

/** An unknown revision is NOT_FOUND, with the service's message. */
async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RevisionNotFoundError) {
      throw new TRPCError({ code: 'NOT_FOUND', message: error.message, cause: error });
    }
    throw error;
  }
}

/** A revision on the wire: without its workspace, which the caller already knows. */
function revisionMeta(revision: RevisionRecord) {
  return {
    id: revision.id,
    shortId: revision.shortId,
    hash: revision.hash,
    createdAt: revision.createdAt,
    createdBy: revision.createdBy,
    message: revision.message,
  };
}

export const workflowsRouter = router({
  list: roleProcedure('viewer').query(async ({ ctx }) => {
    const { session } = ctx.deps;
    return Promise.all(
      workflowEntries(session.workspaceDir).map(async (entry) => {
        const [last] = await session.store.runs.list({ workflowName: entry.name, limit: 1 });
        return {
          ...summarize(entry, session.workspaceDir),
          lastRun: last ? { id: last.id, status: last.status, createdAt: last.createdAt } : null,
        };
      }),
    );
  }),

  get: roleProcedure('viewer')
    .input(z.object({ name: nameSchema }))
    .query(async ({ ctx, input }) => {
      const { workspaceDir } = ctx.deps.session;
      const entry = findEntry(ctx.deps, input.name);
      const yaml = readFileSync(entry.path, 'utf8');
      // Checked as `validate` checks it (secrets included), so the editor can trust the answer.
      const { definition, diagnostics, valid } = await parseKnowingSecrets(
        ctx.deps,
        yaml,
        shownFile(entry, workspaceDir),
      );
      return {
        name: entry.name,
        origin: entry.origin,
        file: shownFile(entry, workspaceDir),
        yaml,
        definition,
        diagnostics,
        valid,
        graph: graphOf(definition),
      };
    }),

  /**
   * What the editor opens: the YAML and the engine's check of it, without the definition and
   * graph `get` adds (for a 5,000-step workflow they are most of its payload and of its time).
   */
  source: roleProcedure('viewer')
    .input(z.object({ name: nameSchema }))
    .query(async ({ ctx, input }) => {
      const { workspaceDir } = ctx.deps.session;
      const entry = findEntry(ctx.deps, input.name);
      const yaml = readFileSync(entry.path, 'utf8');
      const file = shownFile(entry, workspaceDir);
      const { diagnostics, valid } = await parseKnowingSecrets(ctx.deps, yaml, file);
      return { name: entry.name, origin: entry.origin, file, yaml, diagnostics, valid };
    }),

  /**
   * The saved workflow's triggers with the next fire times of its schedules (`count` each,
   * default 5); `triggers` is null when the saved file is not a valid workflow.
   */
  triggers: roleProcedure('viewer')
    .input(z.object({ name: nameSchema, count: z.number().int().min(1).max(20).optional() }))
    .query(({ ctx, input }) => {
      const entry = findEntry(ctx.deps, input.name);
      const { definition } = parse(
        readFileSync(entry.path, 'utf8'),
        shownFile(entry, ctx.deps.session.workspaceDir),
      );
      const now = new Date();
      return {
        name: entry.name,
        now: now.toISOString(),
        triggers: definition
          ? triggersOf(definition, now, input.count ?? DEFAULT_FIRE_TIMES)
          : null,
      };
    }),

  validate: roleProcedure('viewer')
    .input(z.object({ yaml: yamlSchema, file: z.string().max(300).optional() }))
    .mutation(async ({ ctx, input }) => {
      const file = input.file ?? 'workflow.yaml';
      const { valid, diagnostics } = await parseKnowingSecrets(ctx.deps, input.yaml, file);
      return { valid, diagnostics };
    }),

  save: roleProcedure('admin')
    .input(
      z.object({ name: nameSchema, yaml: yamlSchema, message: z.string().max(500).optional() }),
    )
    .mutation(async ({ ctx, input }) => {
      const { workspaceDir } = ctx.deps.session;
      const file = workspaceFileFor(workspaceDir, input.name);
      const shown = relative(workspaceDir, file);
      const { definition, diagnostics } = await parseKnowingSecrets(ctx.deps, input.yaml, shown);
      if (!definition) {
        throw new InvalidWorkflowError(`${shown} is not a valid workflow`, diagnostics);
      }
      if (definition.name !== input.name) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `the workflow's name is "${definition.name}"; save it as "${definition.name}" or change its name: to "${input.name}"`,
        });
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileAtomic(file, input.yaml);
      const { revision, created } = await ctx.deps.service.revisions.record(
        input.name,
        input.yaml,
        input.message,
        ctx.actor,
      );
      await audit(ctx.deps.session, ctx.actor, 'workflow.save', workflowTarget(input.name), {
        revision: revision.shortId,
        created,
      });
      ctx.deps.logger.info({ file, revision: revision.shortId, created }, 'workflow saved');
      return {
        saved: true as const,
        file: shown,
        revision: { id: revision.id, shortId: revision.shortId, created },
      };
    }),

  /**
   * The workflow's revisions, newest first, each with its latest runs; `currentHash` is the
   * hash of the file the workflow is read from now (workspace, else template), so the
   * revision with that hash is the current one.
   */
  history: roleProcedure('viewer')
    .input(
      z.object({
        name: nameSchema,
        limit: z.number().int().min(1).max(200).optional(),
        runs: z.number().int().min(1).max(50).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { session, service } = ctx.deps;
      const entry = workflowEntries(session.workspaceDir).find((e) => e.name === input.name);
      const revisions = await service.revisions.history(input.name, {
        limit: input.limit,
        runs: input.runs,
      });
      if (!entry && revisions.length === 0) {
        throw new TRPCError({ code: 'NOT_FOUND', message: `no workflow named "${input.name}"` });
      }
      return {
        name: input.name,
        file: entry ? shownFile(entry, session.workspaceDir) : null,
        currentHash: entry ? revisionHash(readFileSync(entry.path, 'utf8')) : null,
        revisions: revisions.map((revision) => ({
          ...revisionMeta(revision),
          runCount: revision.runCount,
          runs: revision.runs,
        })),
      };
    }),

  /** One revision's YAML and who, when and why, by id or hash prefix (short id). */
  revision: roleProcedure('viewer')
    .input(z.object({ name: nameSchema, ref: revisionRefSchema }))
    .query(async ({ ctx, input }) => {
      const revision = await orNotFound(ctx.deps.service.revisions.get(input.name, input.ref));
      return { name: input.name, ...revisionMeta(revision), yaml: revision.yaml };
    }),

  /**
   * Makes a revision's content the workflow's again: writes it to the workspace file (a
   * template becomes the workspace's own) and records it, message `restored <shortId>`.
   * History is never rewritten: the restored content becomes the newest revision (`created: false` only when the workflow already had it).
   */
  restore: roleProcedure('admin')
    .input(z.object({ name: nameSchema, ref: revisionRefSchema }))
    .mutation(async ({ ctx, input }) => {
      const { workspaceDir } = ctx.deps.session;
      workspaceFileFor(workspaceDir, input.name);
      const restored = await orNotFound(
        ctx.deps.service.revisions.restore(input.name, input.ref, ctx.actor),
      );
      await audit(ctx.deps.session, ctx.actor, 'workflow.restore', workflowTarget(input.name), {
        from: restored.restoredFrom.shortId,
        revision: restored.revision.shortId,
      });
      ctx.deps.logger.info(
        {
          file: restored.file,
          from: restored.restoredFrom.shortId,
          revision: restored.revision.shortId,
          created: restored.created,
        },
        'workflow revision restored',
      );
      return {
        restored: true as const,
        file: relative(workspaceDir, restored.file),
        yaml: restored.revision.yaml,
        restoredFrom: { id: restored.restoredFrom.id, shortId: restored.restoredFrom.shortId },
        revision: {
          ...revisionMeta(restored.revision),
          created: restored.created,
        },
      };
    }),

  jsonSchema: roleProcedure('viewer').query(() => workflowJsonSchema(builtinActionSpecs)),
});
