import { z } from 'zod';
import { CompareService } from '../service/compare-service.ts';
import { runIdSchema } from './schemas.ts';
import { roleProcedure, router } from './trpc.ts';

/** The Retcon view: a run beside the last green run of its workflow, or beside another run. */
export const compareRouter = router({
  runs: roleProcedure('viewer')
    .input(z.object({ runA: runIdSchema, runB: runIdSchema.optional() }))
    .query(({ ctx, input }) =>
      new CompareService(ctx.deps.session).compare(input.runA, input.runB),
    ),
});
