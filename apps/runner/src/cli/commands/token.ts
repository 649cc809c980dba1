import type { ApiTokenRecord, Store } from '@arcflow/db';
import { UserError } from '../../errors.ts';
import { localActor } from '../../identity/actor.ts';
import { newApiToken, parseTokenLifetime } from '../../identity/api-token.ts';
import { auditEntry } from '../../identity/audit-trail.ts';
import { findUser } from '../../identity/user-admin.ts';
import { withSession } from '../../session/session.ts';
import { err, out, printJson } from '../output.ts';

interface WorkspaceOption {
  workspace?: string;
}

const cliActor = () => localActor({ client: 'cli-local' });

function tokenJson(token: ApiTokenRecord, usernames: Map<string, string>) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    userId: token.userId,
    username: usernames.get(token.userId) ?? null,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

async function usernamesOf(store: Store): Promise<Map<string, string>> {
  return new Map((await store.users.list()).map((user) => [user.id, user.username]));
}

/** `arcflow token create --user <name> [--expires 30d] [--name <label>]`: prints the token once. */
export async function tokenCreateCommand(
  options: WorkspaceOption & { user: string; expires?: string; name?: string },
): Promise<number> {
  let lifetimeMs: number | undefined;
  if (options.expires !== undefined) {
    lifetimeMs = parseTokenLifetime(options.expires);
    if (lifetimeMs === undefined) {
      throw new UserError(
        `--expires "${options.expires}" is not a lifetime like 30d, 12h, 2w or 90m`,
      );
    }
  }
  return withSession(options.workspace, 'token', async (session) => {
    const user = await findUser(session.store, options.user);
    if (user.banned)
      throw new UserError(
        `${user.username} is disabled; enable them first: arcflow user enable ${user.username}`,
      );
    const secret = newApiToken();
    const expiresAt = lifetimeMs === undefined ? undefined : new Date(Date.now() + lifetimeMs);
    const token = await session.store.apiTokens.create({
      userId: user.id,
      tokenHash: secret.hash,
      prefix: secret.prefix,
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    });
    await session.store.audit.append(
      auditEntry(
        cliActor(),
        'token.create',
        { type: 'token', id: token.id },
        {
          username: user.username,
          name: token.name,
          expiresAt: expiresAt?.toISOString() ?? null,
        },
      ),
    );
    err(
      `token ${token.id} for ${user.username} (${user.role}), ${expiresAt ? `expires ${expiresAt.toLocaleString()}` : 'never expires'}; shown once, store it now:`,
    );
    out(secret.token);
    return 0;
  });
}

/** `arcflow token list [--user <name>] [--json]` */
export async function tokenListCommand(
  options: WorkspaceOption & { user?: string; json?: boolean },
): Promise<number> {
  return withSession(options.workspace, 'token', async (session) => {
    const names = await usernamesOf(session.store);
    const tokens = options.user
      ? await session.store.apiTokens.listByUser((await findUser(session.store, options.user)).id)
      : await session.store.apiTokens.list();
    if (options.json) {
      printJson(tokens.map((token) => tokenJson(token, names)));
      return 0;
    }
    if (tokens.length === 0) {
      out('no tokens; make one with: arcflow token create --user <name>');
      return 0;
    }
    const now = Date.now();
    for (const token of tokens) {
      const state = token.revokedAt
        ? 'revoked'
        : token.expiresAt && token.expiresAt.getTime() <= now
          ? 'expired'
          : token.expiresAt
            ? `expires ${token.expiresAt.toLocaleDateString()}`
            : 'no expiry';
      const used = token.lastUsedAt ? `used ${token.lastUsedAt.toLocaleString()}` : 'never used';
      out(
        [
          token.id,
          `${token.prefix}…`,
          names.get(token.userId) ?? token.userId,
          token.name ?? '',
          state,
          used,
        ]
          .filter(Boolean)
          .join('  '),
      );
    }
    return 0;
  });
}

/** `arcflow token revoke <id>` */
export async function tokenRevokeCommand(id: string, options: WorkspaceOption): Promise<number> {
  return withSession(options.workspace, 'token', async (session) => {
    const token = await session.store.apiTokens.get(id);
    if (!token) throw new UserError(`no token ${id}; see arcflow token list`);
    if (token.revokedAt) {
      out(`${id} was already revoked`);
      return 0;
    }
    await session.store.apiTokens.revoke(id);
    await session.store.audit.append(
      auditEntry(cliActor(), 'token.revoke', { type: 'token', id }, {}),
    );
    out(`revoked ${id}`);
    return 0;
  });
}
