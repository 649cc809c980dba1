import { DELIVERY_SOURCES, DELIVERY_VERDICTS, type DeliveryRecord } from '@arcflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ApiDeps } from './context.ts';
import { nameSchema } from './schemas.ts';
import { roleProcedure, router } from './trpc.ts';

/**
 * The Deliveries page (GitHub's "Recent Deliveries"): what webhooks, git hooks and schedules
 * delivered, the verdict, and the runs each started; one delivery's headers and payload; and
 * redelivering one. Headers are stored without signatures and tokens (the intake strips them).
 */

const DEFAULT_PAGE = 30;
const MAX_PAGE = 100;

// Row ids are uuids; anything else cannot name a delivery.
const deliveryIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'not a delivery id');

const listInput = z
  .object({
    source: z.enum(DELIVERY_SOURCES).optional(),
    verdict: z.enum(DELIVERY_VERDICTS).optional(),
    workflow: nameSchema.optional(),
    limit: z.number().int().min(1).max(MAX_PAGE).optional(),
    /** The last delivery of the previous page (`nextCursor`). */
    before: z.object({ receivedAt: z.iso.datetime(), id: deliveryIdSchema }).optional(),
  })
  .optional();

/** A delivery in the list: everything but its headers and payload. */
export function deliverySummaryJson(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    source: delivery.source,
    deliveryId: delivery.deliveryId,
    workflow: delivery.workflowName,
    eventKind: delivery.eventKind,
    verdict: delivery.verdict,
    reason: delivery.reason,
    receivedAt: delivery.receivedAt.toISOString(),
    redeliveryOf: delivery.redeliveryOf,
    runIds: delivery.runIds,
  };
}

/** One delivery with what it carried. */
export function deliveryJson(delivery: DeliveryRecord) {
  return {
    ...deliverySummaryJson(delivery),
    headers: delivery.headers,
    payload: delivery.payload,
  };
}

/** The delivery of this workspace with that row id, or NOT_FOUND. */
async function findDelivery(deps: ApiDeps, id: string): Promise<DeliveryRecord> {
  const delivery = await deps.session.store.deliveries.get(id);
  if (!delivery || delivery.workspaceDir !== deps.session.workspaceDir) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `no delivery with id ${id}` });
  }
  return delivery;
}

export const deliveriesRouter = router({
  list: roleProcedure('viewer')
    .input(listInput)
    .query(async ({ ctx, input = {} }) => {
      const limit = input.limit ?? DEFAULT_PAGE;
      const rows = await ctx.deps.session.store.deliveries.list({
        workspaceDir: ctx.deps.session.workspaceDir,
        source: input.source,
        verdict: input.verdict,
        workflowName: input.workflow,
        limit: limit + 1,
        before: input.before && {
          receivedAt: new Date(input.before.receivedAt),
          id: input.before.id,
        },
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(deliverySummaryJson),
        nextCursor:
          rows.length > limit && last
            ? { receivedAt: last.receivedAt.toISOString(), id: last.id }
            : null,
      };
    }),

  get: roleProcedure('viewer')
    .input(z.object({ id: deliveryIdSchema }))
    .query(async ({ ctx, input }) => deliveryJson(await findDelivery(ctx.deps, input.id))),

  /**
   * Processes the delivery again as a new one (a fresh delivery id, `redeliveryOf` this one),
   * against the workflows as they are now; the trigger intake audits it. Returns the new
   * delivery and the runs it started.
   */
  redeliver: roleProcedure('operator')
    .input(z.object({ id: deliveryIdSchema }))
    .mutation(async ({ ctx, input }) => {
      const triggers = ctx.deps.triggers;
      if (!triggers) {
        throw new TRPCError({
          code: 'PRECONDITION_FAILED',
          message:
            'this runner does not take deliveries, so it cannot redeliver one; redeliver from a runner started with `arcflow serve`',
        });
      }
      const original = await findDelivery(ctx.deps, input.id);
      const { delivery, runIds } = await triggers.redeliver(original.id, ctx.actor);
      ctx.deps.logger.info(
        { delivery: delivery.id, redeliveryOf: original.id, runs: runIds },
        'delivery redelivered',
      );
      return { delivery: deliveryJson(delivery), runIds };
    }),
});
