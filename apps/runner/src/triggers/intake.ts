import { randomUUID } from 'node:crypto';
import type { DeliveryPayload, DeliveryRecord, DeliveryVerdict } from '@arcflow/db';
import { matchTrigger, type TriggerEvent } from '@arcflow/engine';
import type { Redelivery } from '../api/context.ts';
import type { Actor } from '../identity/actor.ts';
import type { SecretResolver } from '../identity/secret-resolver.ts';
import type { Logger } from '../logger.ts';
import { audit } from '../service/audit.ts';
import { prepareRun } from '../service/prepare-run.ts';
import type { RunService } from '../service/run-service.ts';
import type { Session } from '../session/session.ts';
import type { Adapted, Headers } from './adapted.ts';
import { DeliveryNotFoundError, RedeliveryRefusedError } from './errors.ts';
import { storableHeaders, VERIFIED_FOR_HEADER } from './headers.ts';
import type { HookAnswer } from './intake-answer.ts';
import { createLocalWebhookSecretFile } from './local-secret.ts';
import { parseBody } from './parse-body.ts';
import {
  adapt,
  announcedKind,
  deliveryIdOf,
  eventDeliveryId,
  type HookSource,
  type HookTarget,
} from './sources.ts';
import { verifyDelivery } from './verify.ts';
import { WebhookSecrets } from './webhook-secrets.ts';
import { jsonWithoutNul, textWithoutNul } from './without-nul.ts';
import { type CatalogWorkflow, validWorkflows, workflowNames } from './workflow-catalog.ts';

/** Bodies up to this size are kept whole (and can be redelivered); bigger ones are cut. */
export const KEPT_PAYLOAD_BYTES = 1024 * 1024;
/** How much of a body that is not kept whole is stored, to look at. */
const CUT_PAYLOAD_BYTES = 64 * 1024;

export interface HookRequest {
  target: HookTarget;
  headers: Headers;
  body: Buffer;
  /** The sender's address, for the audit trail. */
  ip?: string;
}

export interface IntakeDeps {
  session: Session;
  service: RunService;
  logger: Logger;
  secrets: SecretResolver;
  /** Team mode: no webhook secret file is made up; a secret must be set. */
  team: boolean;
}

/** Why the delivery's signature does not reach a workflow; undefined when it does. */
type ServedBy = (workflow: string) => string | undefined;

/** One workflow's part in a delivery: the run it started, or why not. */
type WorkflowOutcome =
  | { workflow: string; runId: string }
  | { workflow: string; runId?: undefined; reason: string };

/**
 * Turns deliveries (webhooks, git hooks) into runs. Each delivery is recorded first (a
 * repeated delivery id starts nothing twice), checked against the webhook secret, read by its
 * source's adapter into a `TriggerEvent`, and matched against every workflow's `on:`; each
 * match starts a run through the run service, with the event. The delivery keeps the runs it
 * started and, per workflow, why it started nothing.
 */
export class TriggerIntake implements Redelivery {
  private readonly secrets: WebhookSecrets;

  constructor(private readonly deps: IntakeDeps) {
    this.secrets = new WebhookSecrets(deps.session, deps.secrets, deps.team);
  }

  /**
   * A local runner makes the secret its git hooks sign with as it starts serving hooks, not
   * on a request; team mode never uses the file.
   */
  prepareLocalSecret(): void {
    if (!this.deps.team && !this.deps.session.env.ARCFLOW_WEBHOOK_SECRET?.trim()) {
      createLocalWebhookSecretFile(this.deps.session.workspaceDir);
    }
  }

  /** Whether `/hooks/<name>` names a workflow of the workspace. */
  hasWorkflow(name: string): boolean {
    return workflowNames(this.deps.session.workspaceDir).includes(name);
  }

  /** A delivery that arrived over HTTP, whole. */
  async receive(request: HookRequest): Promise<HookAnswer> {
    const { target, headers, body } = request;
    const keys = await this.secrets.keysFor(target);
    if (!keys.ok) return this.refuse(request, 401, keys.reason);
    const { verified, reason } = verifyDelivery(target, headers, body, keys.keys);
    if (verified.length === 0) return this.refuse(request, 401, reason);
    const parsed = parseBody(headers['content-type'], body);
    if (!parsed.ok) return this.refuse(request, parsed.status, parsed.reason);
    const value = jsonWithoutNul(parsed.value);

    const deliveryId = textWithoutNul(deliveryIdOf(target, headers, body));
    const adapted = adapt(target, headers, value, eventDeliveryId(target, deliveryId));
    let recorded: { created: boolean; delivery: DeliveryRecord };
    try {
      recorded = await this.deps.session.store.deliveries.record({
        workspaceDir: this.deps.session.workspaceDir,
        source: target.source,
        deliveryId,
        workflowName: target.source === 'generic' ? target.workflow : null,
        eventKind:
          adapted.outcome === 'event' ? adapted.event.kind : announcedKind(target, headers),
        headers: {
          ...storableHeaders(headers),
          [VERIFIED_FOR_HEADER]: JSON.stringify(verified.map((key) => key.workflow)),
        },
        payload: keptPayload(body, value),
        verdict: 'ignored',
        reason: 'received; matching it against the workflows',
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, source: target.source }, 'delivery: could not store it');
      return this.refuse(request, 422, 'the delivery could not be stored; check what it holds');
    }
    const { created, delivery } = recorded;
    if (!created) {
      this.log(target.source, delivery, 'already delivered', delivery.runIds);
      return answer(200, delivery, delivery.verdict, 'already delivered', delivery.runIds, []);
    }
    const servedBy = servedByScopes(
      verified.map((key) => key.workflow),
      keys.own,
    );
    const actor = hookActor(target, request.ip);
    return this.process(delivery, target, adapted, actor, servedBy);
  }

  /**
   * Records a delivery refused before it was read (too large, wrong content type, bad
   * signature). Its sender's delivery id is kept in its headers, not as its id: a forged
   * delivery must not take the id of the real one still to come.
   */
  async refuse(
    request: Omit<HookRequest, 'body'> & { body?: Buffer },
    status: number,
    reason: string,
  ): Promise<HookAnswer> {
    const { target, headers } = request;
    const { delivery } = await this.deps.session.store.deliveries.record({
      workspaceDir: this.deps.session.workspaceDir,
      source: target.source,
      deliveryId: `refused-${randomUUID()}`,
      workflowName: target.source === 'generic' ? target.workflow : null,
      eventKind: textWithoutNul(announcedKind(target, headers)),
      headers: storableHeaders(headers),
      payload: request.body ? cutPayload(request.body) : null,
      verdict: 'refused',
      reason: textWithoutNul(reason),
    });
    this.log(target.source, delivery, reason, []);
    // Why a signature failed (none set, which header) stays in the stored delivery: the
    // sender learns nothing of the runner's secrets or which workflows exist.
    return status === 401 ? unauthorized() : answer(status, delivery, 'refused', reason, [], []);
  }

  async redeliver(
    deliveryRowId: string,
    actor: Actor,
  ): Promise<{ delivery: DeliveryRecord; runIds: string[] }> {
    const { store, workspaceDir } = this.deps.session;
    const original = await store.deliveries.get(deliveryRowId);
    if (!original || original.workspaceDir !== workspaceDir) {
      throw new DeliveryNotFoundError(deliveryRowId);
    }
    const target = redeliveryTarget(original);
    if (original.verdict === 'refused') {
      throw new RedeliveryRefusedError(
        `delivery ${original.id} was refused (${original.reason ?? 'no reason'}), so its content is not trusted; have the sender send it again`,
      );
    }
    if (original.payload?.kind !== 'json') {
      throw new RedeliveryRefusedError(
        `delivery ${original.id} was not kept whole (its body was over ${KEPT_PAYLOAD_BYTES / 1024 / 1024} MiB); have the sender send it again`,
      );
    }
    if (target.source === 'generic' && !this.hasWorkflow(target.workflow)) {
      throw new RedeliveryRefusedError(
        `delivery ${original.id} was for workflow ${target.workflow}, which the workspace no longer has`,
      );
    }
    const recorded = await this.recordRedelivery(original, target);
    const adapted = adapt(
      target,
      original.headers,
      original.payload.value,
      eventDeliveryId(target, recorded.deliveryId),
    );
    // Only the workflows the original's signature served: a delivery signed with one
    // workflow's own secret must not start another by being redelivered.
    const servedBy = servedByScopes(
      verifiedScopes(original.headers[VERIFIED_FOR_HEADER]),
      await this.secrets.ownWorkflows(),
    );
    const outcome = await this.process(recorded, target, adapted, actor, servedBy);
    await audit(
      this.deps.session,
      actor,
      'delivery.redeliver',
      { type: 'delivery', id: original.id },
      {
        redelivery: recorded.id,
        runs: outcome.body.runs,
      },
    );
    const delivery = (await store.deliveries.get(recorded.id)) ?? recorded;
    return { delivery, runIds: outcome.body.runs };
  }

  /** A new delivery repeating `original`, under the next free `<id>-redelivery-<n>`. */
  private async recordRedelivery(
    original: DeliveryRecord,
    target: HookTarget,
  ): Promise<DeliveryRecord> {
    for (let n = 1; n <= 1000; n++) {
      const { created, delivery } = await this.deps.session.store.deliveries.record({
        workspaceDir: original.workspaceDir,
        source: target.source,
        deliveryId: `${original.deliveryId}-redelivery-${n}`,
        workflowName: original.workflowName,
        eventKind: original.eventKind,
        headers: original.headers,
        payload: original.payload,
        verdict: 'ignored',
        reason: 'received; matching it against the workflows',
        redeliveryOf: original.id,
      });
      if (created) return delivery;
    }
    throw new RedeliveryRefusedError(`delivery ${original.id} was redelivered 1000 times already`);
  }

  /** Matches the event against the workflows, starts the runs, and records the verdict. */
  private async process(
    delivery: DeliveryRecord,
    target: HookTarget,
    adapted: Adapted,
    actor: Actor,
    servedBy: ServedBy,
  ): Promise<HookAnswer> {
    const { store } = this.deps.session;
    if (adapted.outcome !== 'event') {
      const verdict: DeliveryVerdict = adapted.outcome === 'ping' ? 'accepted' : 'ignored';
      await store.deliveries.markVerdict(delivery.id, verdict, adapted.reason);
      this.log(target.source, delivery, adapted.reason, []);
      return answer(200, delivery, verdict, adapted.reason, [], []);
    }
    const outcomes = await this.startMatching(adapted.event, target, actor, servedBy);
    const started = outcomes.flatMap((o) =>
      o.runId ? [{ run: o.runId, workflow: o.workflow }] : [],
    );
    const runIds = started.map((s) => s.run);
    await store.deliveries.attachRuns(delivery.id, runIds);
    const verdict: DeliveryVerdict = runIds.length > 0 ? 'accepted' : 'ignored';
    const reason = reasonOf(outcomes, target);
    await store.deliveries.markVerdict(delivery.id, verdict, reason);
    this.log(target.source, delivery, reason, runIds);
    // The sender hears only of the workflows its secret serves.
    const served = outcomes.filter((o) => servedBy(o.workflow) === undefined);
    const told =
      served.length > 0 || outcomes.length === 0
        ? reasonOf(served, target)
        : 'no workflow this secret serves matches the delivery';
    return answer(200, delivery, verdict, told, runIds, started);
  }

  private async startMatching(
    event: TriggerEvent,
    target: HookTarget,
    actor: Actor,
    servedBy: ServedBy,
  ): Promise<WorkflowOutcome[]> {
    const { workspaceDir } = this.deps.session;
    const all = validWorkflows(workspaceDir);
    const candidates: CatalogWorkflow[] =
      target.source === 'generic'
        ? all.filter((w) => w.name === target.workflow)
        : all.filter((w) => w.definition.on !== undefined);
    const outcomes: WorkflowOutcome[] = [];
    for (const { name, definition } of candidates) {
      const match = matchTrigger(definition.on, event);
      if (!match.matches) {
        outcomes.push({ workflow: name, reason: match.reason });
        continue;
      }
      const unserved = servedBy(name);
      if (unserved !== undefined) {
        outcomes.push({ workflow: name, reason: unserved });
        continue;
      }
      try {
        const prepared = prepareRun(workspaceDir, name);
        const run = await this.deps.service.startPrepared(prepared, target.source, actor, {
          event,
        });
        outcomes.push({ workflow: name, runId: run.id });
      } catch (error) {
        this.deps.logger.warn(
          { err: error, workflow: name },
          'delivery: a matching workflow did not start',
        );
        outcomes.push({ workflow: name, reason: `could not start: ${(error as Error).message}` });
      }
    }
    return outcomes;
  }

  private log(source: HookSource, delivery: DeliveryRecord, reason: string, runs: string[]): void {
    this.deps.logger.info(
      {
        source,
        delivery: delivery.id,
        deliveryId: delivery.deliveryId,
        event: delivery.eventKind,
        runs,
        reason,
      },
      'delivery',
    );
  }
}

/**
 * Who starts a triggered run: no person but the hook, told apart in the audit trail by
 * its client (`webhook:github`, `webhook:<workflow>`, `git-hook`) and the sender's address.
 */
export function hookActor(target: HookTarget, ip?: string): Actor {
  const client =
    target.source === 'generic'
      ? `webhook:${target.workflow}`
      : target.source === 'git-hook'
        ? 'git-hook'
        : `webhook:${target.source}`;
  return {
    kind: 'local',
    name:
      target.source === 'git-hook'
        ? 'git hook'
        : `${target.source === 'generic' ? target.workflow : target.source} webhook`,
    role: 'admin',
    from: { client, ...(ip ? { ip } : {}) },
  };
}

/**
 * Which workflows a delivery verified with these scopes' secrets reaches: one signed with a
 * workflow's own secret only that workflow; with the workspace's (null), every workflow that
 * has no secret of its own.
 */
function servedByScopes(scopes: readonly (string | null)[], own: ReadonlySet<string>): ServedBy {
  return (workflow) => {
    if (own.has(workflow)) {
      return scopes.includes(workflow)
        ? undefined
        : 'it has a WEBHOOK_SECRET of its own, and the delivery is not signed with it';
    }
    return scopes.some((scope) => scope === null || scope === workflow)
      ? undefined
      : "the delivery is signed with another workflow's WEBHOOK_SECRET";
  };
}

/** The scopes stored with a delivery; one from before they were stored: the workspace's. */
function verifiedScopes(stored: string | undefined): (string | null)[] {
  if (stored === undefined) return [null];
  try {
    const scopes = JSON.parse(stored) as unknown;
    if (Array.isArray(scopes) && scopes.every((s) => s === null || typeof s === 'string')) {
      return scopes as (string | null)[];
    }
  } catch {
    // not ours: serve nothing
  }
  return [];
}

function redeliveryTarget(delivery: DeliveryRecord): HookTarget {
  switch (delivery.source) {
    case 'github':
    case 'gitlab':
    case 'git-hook':
      return { source: delivery.source };
    case 'generic':
      if (delivery.workflowName) return { source: 'generic', workflow: delivery.workflowName };
      throw new RedeliveryRefusedError(`delivery ${delivery.id} names no workflow`);
    case 'schedule':
      throw new RedeliveryRefusedError(
        `delivery ${delivery.id} is a schedule fire; start the workflow by hand instead`,
      );
    default: {
      const never: never = delivery.source;
      throw new RedeliveryRefusedError(
        `delivery ${delivery.id} has unknown source ${String(never)}`,
      );
    }
  }
}

/** `started build (run r1); deploy: branch x does not match …` — every workflow's part. */
function reasonOf(outcomes: WorkflowOutcome[], target: HookTarget): string {
  if (outcomes.length === 0) {
    return target.source === 'generic'
      ? `workflow ${target.workflow} does not validate`
      : 'no workflow of the workspace has on: triggers';
  }
  return outcomes
    .map((o) =>
      'reason' in o ? `${o.workflow}: ${o.reason}` : `started ${o.workflow} (run ${o.runId})`,
    )
    .join('; ');
}

function keptPayload(body: Buffer, value: unknown): DeliveryPayload {
  return body.length <= KEPT_PAYLOAD_BYTES ? { kind: 'json', value } : cutPayload(body);
}

function cutPayload(body: Buffer): DeliveryPayload {
  if (body.length === 0) return null;
  if (body.length <= CUT_PAYLOAD_BYTES) {
    return { kind: 'text', text: textWithoutNul(body.toString('utf8')) };
  }
  return {
    kind: 'text',
    text: `${textWithoutNul(body.subarray(0, CUT_PAYLOAD_BYTES).toString('utf8'))}… (cut: ${body.length} bytes in all)`,
  };
}

/** What every refused signature, and a hook path naming no workflow, is answered. */
export function unauthorized(): HookAnswer {
  return {
    status: 401,
    body: {
      delivery: null,
      verdict: 'refused',
      reason: "refused: the delivery is not signed with the runner's webhook secret",
      runs: [],
      started: [],
    },
  };
}

function answer(
  status: number,
  delivery: DeliveryRecord,
  verdict: DeliveryVerdict,
  reason: string,
  runs: string[],
  started: { run: string; workflow: string }[],
): HookAnswer {
  return { status, body: { delivery: delivery.id, verdict, reason, runs, started } };
}
