import type { IncomingMessage } from 'node:http';
import type { Role } from '@arcflow/engine';
import { localEmail, localPerson } from '../service/local-person.ts';

/**
 * Who is calling the API. In local mode (today's only mode) always the person at this
 * machine, with every right; in team mode a signed-in user (session cookie) or an API token
 * acting for its user.
 */
export type Actor =
  | { kind: 'local'; name: string; email?: string; role: 'admin'; from?: RequestOrigin }
  | {
      kind: 'user';
      userId: string;
      username: string;
      name: string;
      role: Role;
      sessionId?: string;
      from?: RequestOrigin;
    }
  | {
      kind: 'token';
      userId: string;
      username: string;
      name: string;
      role: Role;
      tokenId: string;
      from?: RequestOrigin;
    };

/** Where a request came from, as the audit trail records it. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
  /** `web`, `api`, `cli-local`, … */
  client?: string;
}

/** Finds who makes a request (or opened a WebSocket); undefined when no one is signed in. */
export type ActorResolver = () => Promise<Actor | undefined>;

/**
 * How the server learns who is behind an HTTP request or a WebSocket upgrade: the local
 * person in local mode; in team mode the session cookie or `Authorization: Bearer` token,
 * looked up only when a procedure needs it.
 */
export type IdentifyRequest = (req: IncomingMessage) => ActorResolver;

/** The person at this machine (git `user.name`/`user.email`, else the OS user), an admin. */
export function localActor(from?: RequestOrigin): Actor {
  const email = localEmail();
  return {
    kind: 'local',
    name: localPerson(),
    ...(email ? { email } : {}),
    role: 'admin',
    ...(from ? { from } : {}),
  };
}

/** The user id of a signed-in actor (user or token); undefined for the local person. */
export function actorUserId(actor: Actor): string | undefined {
  return actor.kind === 'local' ? undefined : actor.userId;
}

/**
 * The local actor, looked up once on first use (it runs git) and then kept: every request
 * in local mode is the same person.
 */
export function localActorResolver(): () => Promise<Actor> {
  let actor: Actor | undefined;
  return async () => {
    actor ??= localActor();
    return actor;
  };
}
