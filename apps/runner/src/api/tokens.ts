import type { ApiTokenRecord } from '@arcflow/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Actor } from '../identity/actor.ts';
import { newApiToken } from '../identity/api-token.ts';
import { auditEntry } from '../identity/audit-trail.ts';
import type { ApiDeps } from './context.ts';
import { roleProcedure, router } from './trpc.ts';

/**
 * API tokens (`Authorization: Bearer …`): everyone manages their own, admins see and revoke
 * all. A new token is shown once; only its hash is stored, and no answer carries either.
 */

const DAY_MS = 86_400_000;

/** A token as the API shows it: never the token, never its hash. */
function tokenJson(token: ApiTokenRecord, username: string) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    userId: token.userId,
    username,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

/** The signed-in caller's user; the local person has none to own tokens. */
function signedInUser(actor: Actor): { userId: string; username: string } {
  if (actor.kind === 'local') {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: 'tokens belong to signed-in users; start the runner with --team',
    });
  }
  return { userId: actor.userId, username: actor.username };
}

/**
 * The signed-in caller, through a browser session only: a token never mints another, so a
 * leaked short-lived token cannot outlive its expiry or revocation.
 */
function sessionUser(actor: Actor): { userId: string; username: string } {
  const me = signedInUser(actor);
  if (actor.kind !== 'user') {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message:
        'tokens are created from a signed-in session or with `arcflow token create`, not with another token',
    });
  }
  return me;
}

const tokenIdInput = z.object({ id: z.string().min(1).max(100) });

/** Revokes and records it; an already revoked token is left as it was (and not audited again). */
async function revoke(deps: ApiDeps, actor: Actor, token: ApiTokenRecord): Promise<ApiTokenRecord> {
  const { store } = deps.session;
  if (token.revokedAt) return token;
  await store.apiTokens.revoke(token.id);
  await store.audit.append(
    auditEntry(actor, 'token.revoke', { type: 'token', id: token.id }, { userId: token.userId }),
  );
  return (await store.apiTokens.get(token.id)) ?? token;
}

async function usernameOf(deps: ApiDeps, userId: string): Promise<string> {
  return (await deps.session.store.users.get(userId))?.username ?? userId;
}

export const tokensRouter = router({
  mine: roleProcedure('viewer').query(async ({ ctx }) => {
    const me = signedInUser(ctx.actor);
    const tokens = await ctx.deps.session.store.apiTokens.listByUser(me.userId);
    return tokens.map((token) => tokenJson(token, me.username));
  }),

  createMine: roleProcedure('viewer')
    .input(
      z.object({
        name: z.string().trim().min(1).max(100).optional(),
        expiresInDays: z.number().int().min(1).max(3650).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const me = sessionUser(ctx.actor);
      const { store } = ctx.deps.session;
      const secret = newApiToken();
      const expiresAt =
        input.expiresInDays === undefined
          ? undefined
          : new Date(Date.now() + input.expiresInDays * DAY_MS);
      const token = await store.apiTokens.create({
        userId: me.userId,
        tokenHash: secret.hash,
        prefix: secret.prefix,
        ...(input.name !== undefined && { name: input.name }),
        ...(expiresAt && { expiresAt }),
        createdByUserId: me.userId,
      });
      await store.audit.append(
        auditEntry(
          ctx.actor,
          'token.create',
          { type: 'token', id: token.id },
          {
            userId: me.userId,
            username: me.username,
            name: token.name,
            expiresAt: token.expiresAt?.toISOString() ?? null,
          },
        ),
      );
      return { token: secret.token, info: tokenJson(token, me.username) };
    }),

  /** Someone else's token is NOT_FOUND, exactly like one that does not exist. */
  revokeMine: roleProcedure('viewer')
    .input(tokenIdInput)
    .mutation(async ({ ctx, input }) => {
      const me = signedInUser(ctx.actor);
      const token = await ctx.deps.session.store.apiTokens.get(input.id);
      if (!token || token.userId !== me.userId) {
        throw new TRPCError({ code: 'NOT_FOUND', message: `you have no token ${input.id}` });
      }
      return tokenJson(await revoke(ctx.deps, ctx.actor, token), me.username);
    }),

  list: roleProcedure('admin').query(async ({ ctx }) => {
    const { store } = ctx.deps.session;
    const [tokens, users] = await Promise.all([store.apiTokens.list(), store.users.list()]);
    const usernames = new Map(users.map((user) => [user.id, user.username]));
    return tokens.map((token) => tokenJson(token, usernames.get(token.userId) ?? token.userId));
  }),

  revoke: roleProcedure('admin')
    .input(tokenIdInput)
    .mutation(async ({ ctx, input }) => {
      const token = await ctx.deps.session.store.apiTokens.get(input.id);
      if (!token) throw new TRPCError({ code: 'NOT_FOUND', message: `no token ${input.id}` });
      const revoked = await revoke(ctx.deps, ctx.actor, token);
      return tokenJson(revoked, await usernameOf(ctx.deps, token.userId));
    }),
});
