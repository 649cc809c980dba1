import { roleProcedure, router } from './trpc.ts';

/**
 * Who the UI is talking as, so it can show it and hide what the caller may not do, and how
 * one signs in (team mode). Public: the sign-in page asks it before anyone is signed in.
 */
export const authRouter = router({
  me: roleProcedure('public').query(({ ctx }) => ({
    mode: ctx.mode,
    actor: ctx.actor && {
      kind: ctx.actor.kind,
      name: ctx.actor.name,
      username: ctx.actor.kind === 'local' ? null : ctx.actor.username,
      role: ctx.actor.role,
    },
    signIn: ctx.signIn,
  })),
});
