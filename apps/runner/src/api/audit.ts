import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import {
  auditEntryJson,
  MAX_AUDIT_PAGE,
  parseAuditTime,
  queryAudit,
} from '../identity/audit-query.ts';
import { bigintIdSchema } from './schemas.ts';
import { roleProcedure, router } from './trpc.ts';

/** The audit trail for admins: read only, newest first, in pages. */

const timeInput = z.string().min(1).max(64).optional();

function timeOf(text: string | undefined, field: string): Date | undefined {
  if (text === undefined) return undefined;
  try {
    return parseAuditTime(text, field);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  }
}

export const auditRouter = router({
  list: roleProcedure('admin')
    .input(
      z
        .object({
          since: timeInput,
          until: timeInput,
          actor: z.string().min(1).max(100).optional(),
          action: z.string().min(1).max(100).optional(),
          targetType: z.string().min(1).max(100).optional(),
          targetId: z.string().min(1).max(300).optional(),
          beforeId: bigintIdSchema('not an audit entry id').optional(),
          limit: z.number().int().min(1).max(MAX_AUDIT_PAGE).optional(),
        })
        .optional(),
    )
    .query(async ({ ctx, input = {} }) => {
      const since = timeOf(input.since, 'since');
      const until = timeOf(input.until, 'until');
      const page = await queryAudit(ctx.deps.session.store, {
        ...(since && { since }),
        ...(until && { until }),
        ...(input.actor !== undefined && { actor: input.actor }),
        ...(input.action !== undefined && { action: input.action }),
        ...(input.targetType !== undefined && { targetType: input.targetType }),
        ...(input.targetId !== undefined && { targetId: input.targetId }),
        ...(input.beforeId !== undefined && { beforeId: BigInt(input.beforeId) }),
        limit: input.limit ?? 100,
      });
      return {
        entries: page.entries.map(auditEntryJson),
        nextBeforeId: page.nextBeforeId === null ? null : String(page.nextBeforeId),
      };
    }),
});
