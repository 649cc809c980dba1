import type { Runner, TriggerDelivery } from './generated/prisma/client.ts';
import type {
  DeliveryPayload,
  DeliveryRecord,
  DeliverySource,
  DeliveryVerdict,
} from './trigger-records.ts';

const stringRecord = (value: unknown): Record<string, string> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) {
    if (typeof header === 'string') headers[name] = header;
  }
  return headers;
};

const payloadOf = (row: TriggerDelivery): DeliveryPayload => {
  if (row.payloadText !== null) return { kind: 'text', text: row.payloadText };
  if (row.payloadJson !== null) return { kind: 'json', value: row.payloadJson };
  return null;
};

export function toDeliveryRecord(
  row: TriggerDelivery & { runs: Array<{ runId: string }> },
): DeliveryRecord {
  return {
    id: row.id,
    workspaceDir: row.workspaceDir,
    source: row.source as DeliverySource,
    deliveryId: row.deliveryId,
    workflowName: row.workflowName,
    eventKind: row.eventKind,
    headers: stringRecord(row.headers),
    payload: payloadOf(row),
    verdict: row.verdict as DeliveryVerdict,
    reason: row.reason,
    receivedAt: row.receivedAt,
    redeliveryOf: row.redeliveryOf,
    runIds: row.runs.map((link) => link.runId),
  };
}

export function toRunnerRecord(row: Runner, stale: boolean) {
  return {
    id: row.id,
    labels: row.labels,
    host: row.host,
    pid: row.pid,
    version: row.version,
    startedAt: row.startedAt,
    lastHeartbeatAt: row.lastHeartbeatAt,
    currentRuns: row.currentRuns,
    stale,
  };
}
