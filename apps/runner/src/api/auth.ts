import { roleProcedure, router } from './trpc.ts';

/** Who the UI is talking as, so it can show it and hide what the caller may not do. */
export const authRouter = router({
  me: roleProcedure('public').query(({ ctx }) => ({
    mode: ctx.mode,
    actor: ctx.actor && { kind: ctx.actor.kind, name: ctx.actor.name, role: ctx.actor.role },
  })),
});
