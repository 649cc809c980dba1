import { TRPCError } from '@trpc/server';
import { UserError } from '../errors.ts';
import {
  DecisionRefusedError,
  IrreversibleEffectsError,
  RunNotFoundError,
} from '../service/errors.ts';

/** The message every unexpected error gets on the wire; the real one goes to the log. */
export const INTERNAL_MESSAGE = "internal error; the runner's log has the details";

/**
 * Turns what a procedure threw into a tRPC error: a `UserError` (the caller got something
 * wrong) becomes BAD_REQUEST, NOT_FOUND for an unknown run, PRECONDITION_FAILED for
 * irreversible effects not acknowledged, or FORBIDDEN for a decision the caller may not
 * make; anything else passes on and is reported as INTERNAL_SERVER_ERROR with a generic
 * message (see the error formatter).
 */
export function toTRPCError(error: unknown): unknown {
  if (error instanceof TRPCError) return error;
  if (error instanceof UserError) {
    const code =
      error instanceof RunNotFoundError
        ? 'NOT_FOUND'
        : error instanceof IrreversibleEffectsError
          ? 'PRECONDITION_FAILED'
          : error instanceof DecisionRefusedError
            ? 'FORBIDDEN'
            : 'BAD_REQUEST';
    return new TRPCError({ code, message: error.message, cause: error });
  }
  return error;
}

/** Wraps a subscription's stream so errors thrown while streaming are mapped like any other. */
export async function* mapStreamErrors<T>(stream: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw toTRPCError(error);
  }
}
