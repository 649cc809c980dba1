import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  InvalidSecretError,
  MAX_SECRET_BYTES,
  SecretAdmin,
  SecretNotFoundError,
} from '../identity/secret-admin.ts';
import type { ApiDeps } from './context.ts';
import { roleProcedure, router } from './trpc.ts';

/**
 * The workspace's secrets, for admins: names, scope and who wrote them last. A value goes in
 * through `set` and never comes back out, not even in an error message.
 */

const nameInput = z.string().max(200);
const workflowInput = z.string().max(100).optional();

const admin = (deps: ApiDeps) => new SecretAdmin(deps.session);

/** The service's refusals as tRPC errors; their messages name the secret, never its value. */
async function asApiErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof SecretNotFoundError) {
      throw new TRPCError({ code: 'NOT_FOUND', message: error.message, cause: error });
    }
    if (error instanceof InvalidSecretError) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
    }
    throw error;
  }
}

export const secretsRouter = router({
  list: roleProcedure('admin')
    .input(z.object({ workflow: workflowInput }).optional())
    .query(async ({ ctx, input }) => {
      const listed = await asApiErrors(admin(ctx.deps).list({ workflow: input?.workflow }));
      return listed.map((secret) => ({
        name: secret.name,
        workflow: secret.workflow,
        updatedAt: secret.updatedAt.toISOString(),
        updatedBy: secret.updatedBy,
      }));
    }),

  set: roleProcedure('admin')
    .input(
      z.object({
        name: nameInput,
        // No message of its own: zod's default names only the limit, never the text.
        value: z.string().max(MAX_SECRET_BYTES),
        workflow: workflowInput,
      }),
    )
    .mutation(({ ctx, input }) => asApiErrors(admin(ctx.deps).set(ctx.actor, input))),

  delete: roleProcedure('admin')
    .input(z.object({ name: nameInput, workflow: workflowInput }))
    .mutation(async ({ ctx, input }) => {
      await asApiErrors(admin(ctx.deps).delete(ctx.actor, input));
      return { deleted: true as const };
    }),
});
