import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { clamp, json } from './query-helpers.ts';
import { toDeliveryRecord } from './trigger-mappers.ts';
import type {
  DeliveryFilter,
  DeliveryPayload,
  DeliveryRecord,
  DeliveryVerdict,
  NewDelivery,
  RecordedDelivery,
} from './trigger-records.ts';

const WITH_RUNS = {
  runs: { select: { runId: true }, orderBy: [{ run: { createdAt: 'asc' } }, { runId: 'asc' }] },
} as const satisfies Prisma.TriggerDeliveryInclude;

const payloadColumns = (payload: DeliveryPayload | undefined) => ({
  payloadJson:
    payload?.kind === 'json' && payload.value !== null ? json(payload.value) : Prisma.DbNull,
  payloadText: payload?.kind === 'text' ? payload.text : null,
});

/**
 * Trigger deliveries (webhooks, git hooks, schedule fires) as received, with their verdict
 * and the runs they started. A delivery id is stored once per workspace and source, so a
 * repeated delivery is recognised (`record` → `created: false`) and starts nothing twice.
 */
export class Deliveries {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores the delivery unless its delivery id is already stored for the workspace and
   * source; atomic (`INSERT … ON CONFLICT DO NOTHING`), so of two racing receivers of the same
   * delivery exactly one gets `created: true`. Either way returns the stored delivery.
   * A redelivery needs a delivery id of its own (and `redeliveryOf` the original's row id).
   */
  async record(input: NewDelivery): Promise<RecordedDelivery> {
    const { count } = await this.prisma.triggerDelivery.createMany({
      data: {
        workspaceDir: input.workspaceDir,
        source: input.source,
        deliveryId: input.deliveryId,
        workflowName: input.workflowName ?? null,
        eventKind: input.eventKind,
        headers: json(input.headers ?? {}),
        ...payloadColumns(input.payload ?? null),
        verdict: input.verdict,
        reason: input.reason ?? null,
        redeliveryOf: input.redeliveryOf ?? null,
        ...(input.receivedAt && { receivedAt: input.receivedAt }),
      },
      skipDuplicates: true,
    });
    const row = await this.prisma.triggerDelivery.findUniqueOrThrow({
      where: {
        workspaceDir_source_deliveryId: {
          workspaceDir: input.workspaceDir,
          source: input.source,
          deliveryId: input.deliveryId,
        },
      },
      include: WITH_RUNS,
    });
    return { created: count > 0, delivery: toDeliveryRecord(row) };
  }

  /** The delivery with this row id, or null. */
  async get(id: string): Promise<DeliveryRecord | null> {
    const row = await this.prisma.triggerDelivery.findUnique({ where: { id }, include: WITH_RUNS });
    return row ? toDeliveryRecord(row) : null;
  }

  /** A workspace's deliveries, newest first, filtered; page with `before` (the last record seen). */
  async list(filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    const { before } = filter;
    const rows = await this.prisma.triggerDelivery.findMany({
      where: {
        workspaceDir: filter.workspaceDir,
        source: filter.source,
        workflowName: filter.workflowName,
        verdict: filter.verdict,
        ...(before && {
          OR: [
            { receivedAt: { lt: before.receivedAt } },
            { receivedAt: before.receivedAt, id: { lt: before.id } },
          ],
        }),
      },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: clamp(filter.limit, 50, 500),
      include: WITH_RUNS,
    });
    return rows.map(toDeliveryRecord);
  }

  /** Links runs the delivery started (again is harmless). */
  async attachRuns(id: string, runIds: readonly string[]): Promise<void> {
    if (runIds.length === 0) return;
    await this.prisma.triggerDeliveryRun.createMany({
      data: runIds.map((runId) => ({ deliveryId: id, runId })),
      skipDuplicates: true,
    });
  }

  /** Sets the verdict (e.g. `accepted` once matching is done); false if there is no such delivery. */
  async markVerdict(
    id: string,
    verdict: DeliveryVerdict,
    reason?: string | null,
  ): Promise<boolean> {
    const { count } = await this.prisma.triggerDelivery.updateMany({
      where: { id },
      data: { verdict, reason: reason ?? null },
    });
    return count > 0;
  }
}
