import { initTRPC, TRPCError } from '@trpc/server';
import { InvalidWorkflowError } from '../service/errors.ts';
import type { ApiContext } from './context.ts';
import { INTERNAL_MESSAGE, toTRPCError } from './errors.ts';

const t = initTRPC.context<ApiContext>().create({
  // Never send stack traces to clients.
  isDev: false,
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

export const router = t.router;
export const procedure = t.procedure.use(mapErrors);
