import { PLACEHOLDER_EMAIL_DOMAIN, type UserRecord } from '@arcflow/db';
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

/** Refuses to take away the last active admin: nobody could manage the runner afterwards. */
async function keepAnAdmin(deps: ApiDeps, user: UserRecord, change: string): Promise<void> {
  if (user.role !== 'admin' || user.banned) return;
  if ((await deps.session.store.users.countAdmins()) > 1) return;
  throw new TRPCError({
    code: 'PRECONDITION_FAILED',
    message: `${user.username} is the only admin; make someone else an admin before you ${change}`,
  });
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
      if (input.role !== 'admin') {
        await keepAnAdmin(ctx.deps, user, `make ${user.username} ${input.role}`);
      }
      const changed = await store.users.setRole(user.id, input.role);
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
      await keepAnAdmin(ctx.deps, user, `disable ${user.username}`);
      const disabled = await store.users.disable(user.id);
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
