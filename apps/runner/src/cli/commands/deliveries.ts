import type { DeliveryRecord } from '@arcflow/db';
import pc from 'picocolors';
import { localActor } from '../../identity/actor.ts';
import { sessionSecretResolver } from '../../identity/secret-store-resolver.ts';
import { createLogger } from '../../logger.ts';
import { RunService } from '../../service/run-service.ts';
import { withSession } from '../../session/session.ts';
import { TriggerIntake } from '../../triggers/intake.ts';
import { out, printJson } from '../output.ts';

export interface DeliveriesOptions {
  workspace?: string;
  json?: boolean;
  limit?: number;
}

/** `arcflow deliveries`: the webhooks and git hooks that arrived, newest first. */
export async function deliveriesCommand(options: DeliveriesOptions): Promise<number> {
  return withSession(options.workspace, 'deliveries', async (session) => {
    const deliveries = await session.store.deliveries.list({
      workspaceDir: session.workspaceDir,
      limit: options.limit ?? 20,
    });
    if (options.json) {
      printJson(deliveries.map(deliveryJson));
      return 0;
    }
    if (deliveries.length === 0) {
      out('No deliveries yet. Point a webhook at /hooks/github, or run `arcflow hooks install`.');
      return 0;
    }
    for (const delivery of deliveries) out(deliveryLine(delivery));
    return 0;
  });
}

/**
 * `arcflow deliveries redeliver <id>`: processes a delivery again as a new one, against the
 * workflows as they are now; the runs it starts are queued for `arcflow serve`.
 */
export async function redeliverCommand(
  id: string,
  options: { workspace?: string; json?: boolean },
): Promise<number> {
  return withSession(options.workspace, 'deliveries redeliver', async (session) => {
    const intake = new TriggerIntake({
      session,
      // Recorded for a serving runner (this one or another sharing the database) to claim.
      service: new RunService(session, { by: 'workers', wake: () => {} }),
      logger: createLogger({ level: 'warn' }),
      secrets: sessionSecretResolver(session),
      team: false,
    });
    const { delivery, runIds } = await intake.redeliver(id, localActor({ client: 'cli-local' }));
    if (options.json) {
      printJson({ delivery: deliveryJson(delivery), runIds });
      return 0;
    }
    out(deliveryLine(delivery));
    if (runIds.length > 0)
      out(`queued ${runIds.join(', ')}; a running \`arcflow serve\` executes them`);
    return 0;
  });
}

/** `2026-12-02 10:15:02Z  a1b2c3d4  github  push  accepted  r1x2  started build (run r1x2)` */
function deliveryLine(delivery: DeliveryRecord): string {
  const time = delivery.receivedAt
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  const verdict =
    delivery.verdict === 'accepted'
      ? pc.green(delivery.verdict)
      : delivery.verdict === 'refused'
        ? pc.red(delivery.verdict)
        : pc.dim(delivery.verdict);
  return [
    pc.dim(time),
    pc.bold(delivery.id),
    delivery.workflowName ? `${delivery.source}:${delivery.workflowName}` : delivery.source,
    delivery.eventKind,
    verdict,
    delivery.runIds.length > 0 ? delivery.runIds.join(',') : pc.dim('-'),
    delivery.reason ?? '',
  ].join('  ');
}

function deliveryJson(delivery: DeliveryRecord) {
  return { ...delivery, receivedAt: delivery.receivedAt.toISOString() };
}
