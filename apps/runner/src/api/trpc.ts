import { type Role, roleAtLeast } from '@arcflow/engine';
import { initTRPC, TRPCError } from '@trpc/server';
import { InvalidWorkflowError } from '../service/errors.ts';
import type { ApiContext } from './context.ts';
import { INTERNAL_MESSAGE, toTRPCError } from './errors.ts';
import { unstorableInput } from './unstorable-input.ts';

/** Every procedure's minimum role; `public` only for what a caller needs before signing in. */
export interface ApiMeta {
  role: Role | 'public';
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ApiMeta>()
  .create({
    // Never send stack traces to clients.
    isDev: false,
    // Subscriptions only over the WebSocket, whose connections are re-checked and closed when
    // their session or token ends; an HTTP event stream would outlive a revocation.
    sse: { enabled: false },
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        message: error.code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : shape.message,
        data: {
          ...shape.data,
          diagnostics: cause instanceof InvalidWorkflowError ? cause.diagnostics : undefined,
        },
      };
    },
  });

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const mapped = toTRPCError(result.error.cause);
    if (mapped instanceof TRPCError) result.error = mapped;
  }
  return result;
});

/**
 * The guard: the caller must be known (UNAUTHORIZED) and hold the procedure's role or a
 * higher one (FORBIDDEN). It reads the role from the procedure's meta, so what the role
 * table test sees is what is enforced, and it runs before the input is parsed: a caller
 * without the role learns nothing from validation errors.
 */
const requireRole = t.middleware(async ({ ctx, meta, next }) => {
  const need = meta?.role;
  if (need === undefined || need === 'public') {
    // Unreachable through roleProcedure; refuse rather than let a procedure through unguarded.
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'procedure without a role' });
  }
  const actor = await ctx.actor();
  if (!actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  if (!roleAtLeast(actor.role, need)) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `needs the ${need} role; you are ${actor.role}`,
    });
  }
  return next({ ctx: { actor } });
});

/** Refuses text the database cannot store anywhere in the input; after the role, like validation. */
async function refuseUnstorable<Result>(options: {
  getRawInput: () => Promise<unknown>;
  next: () => Promise<Result>;
}): Promise<Result> {
  const problem = unstorableInput(await options.getRawInput());
  if (problem !== undefined) throw new TRPCError({ code: 'BAD_REQUEST', message: problem });
  return options.next();
}

/** For `public` procedures: whoever calls, if anyone is known. */
const optionalActor = t.middleware(async ({ ctx, next }) =>
  next({ ctx: { actor: (await ctx.actor()) ?? null } }),
);

const base = t.procedure.use(mapErrors);
const guarded = (role: Role) => base.meta({ role }).use(requireRole).use(refuseUnstorable);
const open = () => base.meta({ role: 'public' }).use(optionalActor).use(refuseUnstorable);

/**
 * The only way to declare a procedure: with the least role that may call it. In its
 * resolver `ctx.actor` is the caller (`Actor`; `Actor | null` for `public`). List every new
 * procedure in the role table test (`test/api-roles.test.ts`).
 */
export function roleProcedure(role: 'public'): ReturnType<typeof open>;
export function roleProcedure(role: Role): ReturnType<typeof guarded>;
export function roleProcedure(role: Role | 'public') {
  return role === 'public' ? open() : guarded(role);
}

export const router = t.router;
