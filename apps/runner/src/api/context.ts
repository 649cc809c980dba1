import type { DeliveryRecord } from '@arcflow/db';
import type { EventBus } from '../events/event-bus.ts';
import type { Actor, ActorResolver } from '../identity/actor.ts';
import type { SignInOptions } from '../identity/auth.ts';
import type { Logger } from '../logger.ts';
import type { RunService } from '../service/run-service.ts';
import type { Session } from '../session/session.ts';

/** What the router's procedures work with; the server builds it once and hands it to each call. */
export interface ApiDeps {
  session: Session;
  service: RunService;
  bus: EventBus;
  logger: Logger;
  runnerId: string;
  /** How often `runs.onLog` looks for new lines (default 250 ms). */
  logPollMs?: number;
  /** Webhooks and git hooks (issue 13); the server sets it. */
  triggers?: Redelivery;
}

/** What the API needs from the trigger intake (`apps/runner/src/triggers`). */
export interface Redelivery {
  /**
   * Processes a stored delivery again as a new delivery (a fresh delivery id, `redeliveryOf`
   * the original), without checking its signature again: `actor` asked for it. Starts the
   * runs it matches now, with the workflows as they are now.
   */
  redeliver(
    deliveryRowId: string,
    actor: Actor,
  ): Promise<{ delivery: DeliveryRecord; runIds: string[] }>;
}

/**
 * How the runner knows who calls: `local` — everyone who passes the access guard is the
 * local person, an admin; `team` — a signed-in user (session cookie) or an API token.
 */
export type ApiMode = 'local' | 'team';

export interface ApiContext {
  deps: ApiDeps;
  mode: ApiMode;
  /**
   * Who is calling, resolved on first use and then kept for this request (or WebSocket
   * connection). The role middleware (`roleProcedure`) reads it before any input is parsed
   * and hands procedures the resolved `Actor` as `ctx.actor`.
   */
  actor: ActorResolver;
  /** How people may sign in (team mode); local mode has no sign-in. */
  signIn: SignInOptions;
}

const NO_SIGN_IN: SignInOptions = { password: false, providers: [] };

/**
 * The context of one HTTP request or one WebSocket connection. `resolveActor` is called at
 * most once, and only when a procedure needs to know who calls.
 */
export function createApiContext(
  deps: ApiDeps,
  options: { mode?: ApiMode; resolveActor: ActorResolver; signIn?: SignInOptions },
): ApiContext {
  let actor: Promise<Actor | undefined> | undefined;
  return {
    deps,
    mode: options.mode ?? 'local',
    signIn: options.signIn ?? NO_SIGN_IN,
    actor: () => {
      actor ??= options.resolveActor();
      return actor;
    },
  };
}
