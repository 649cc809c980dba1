import { LastAdminError, PLACEHOLDER_EMAIL_DOMAIN, type UserRecord } from '@arcflow/db';
import { ROLES } from '@arcflow/engine';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { auditEntry } from '../identity/audit-trail.ts';
import type { ApiDeps } from './context.ts';
import { roleProcedure, router } from './trpc.ts';

/**
 * The people of a team runner, for admins: their roles, and disabling (which ends their
 * sessions and revokes their tokens) or enabling them. The last admin who can sign in is
 * never demoted or disabled, so the runner always has someone who can manage it.
 */

/** A user as the API shows them; the placeholder email of people added without one is null. */
export function userJson(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    email: user.email.endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`) ? null : user.email,
    role: user.role,
    disabled: user.banned,
    createdAt: user.createdAt.toISOString(),
  };
}

const userIdInput = z.string().min(1).max(100);

const noSuchUser = (userId: string) =>
  new TRPCError({ code: 'NOT_FOUND', message: `no user with id ${userId}` });

async function existingUser(deps: ApiDeps, userId: string): Promise<UserRecord> {
  const user = await deps.session.store.users.get(userId);
  if (!user) throw noSuchUser(userId);
  return user;
}

/**
 * Makes a change that may take an admin away; the store refuses it (`LastAdminError`) when
 * it would leave no active admin, in the same transaction as the change, so two admins
 * taking each other away at once cannot both succeed.
 */
async function keepingAnAdmin<T>(user: UserRecord, change: string, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof LastAdminError)) throw error;
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `${user.username} is the only admin; make someone else an admin before you ${change}`,
      cause: error,
    });
  }
}

const userTarget = (user: UserRecord) => ({ type: 'user', id: user.id });

export const usersRouter = router({
  list: roleProcedure('admin').query(async ({ ctx }) =>
    (await ctx.deps.session.store.users.list()).map(userJson),
  ),

  setRole: roleProcedure('admin')
    .input(z.object({ userId: userIdInput, role: z.enum(ROLES) }))
    .mutation(async ({ ctx, input }) => {
      const { store } = ctx.deps.session;
      const user = await existingUser(ctx.deps, input.userId);
      const changed = await keepingAnAdmin(user, `make ${user.username} ${input.role}`, () =>
        store.users.setRole(user.id, input.role),
      );
      if (!changed) throw noSuchUser(input.userId);
      await store.audit.append(
        auditEntry(ctx.actor, 'user.set_role', userTarget(user), {
          username: user.username,
          from: user.role,
          to: input.role,
        }),
      );
      return userJson(changed);
    }),

  disable: roleProcedure('admin')
    .input(z.object({ userId: userIdInput }))
    .mutation(async ({ ctx, input }) => {
      const { store } = ctx.deps.session;
      const user = await existingUser(ctx.deps, input.userId);
      const disabled = await keepingAnAdmin(user, `disable ${user.username}`, () =>
        store.users.disable(user.id),
      );
      if (!disabled) throw noSuchUser(input.userId);
      await store.audit.append(
        auditEntry(ctx.actor, 'user.disable', userTarget(user), { username: user.username }),
      );
      return userJson(disabled);
    }),

  enable: roleProcedure('admin')
    .input(z.object({ userId: userIdInput }))
    .mutation(async ({ ctx, input }) => {
      const { store } = ctx.deps.session;
      const user = await existingUser(ctx.deps, input.userId);
      const enabled = await store.users.enable(user.id);
      if (!enabled) throw noSuchUser(input.userId);
      await store.audit.append(
        auditEntry(ctx.actor, 'user.enable', userTarget(user), { username: user.username }),
      );
      return userJson(enabled);
    }),
});
