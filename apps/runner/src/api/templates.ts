import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { audit, workflowTarget } from '../service/audit.ts';
import { customizeTemplate } from '../workflows/customize.ts';
import { nameSchema } from './schemas.ts';
import { roleProcedure, router } from './trpc.ts';
import { summarize, workflowEntries } from './workflows.ts';

export const templatesRouter = router({
  list: roleProcedure('viewer').query(({ ctx }) => {
    const { workspaceDir } = ctx.deps.session;
    return workflowEntries(workspaceDir, { templatesOnly: true }).map((entry) =>
      summarize(entry, workspaceDir),
    );
  }),

  customize: roleProcedure('admin')
    .input(
      z.object({
        template: nameSchema,
        as: nameSchema.optional(),
        overwrite: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { workspaceDir } = ctx.deps.session;
      const copied = customizeTemplate(workspaceDir, input.template, {
        as: input.as,
        overwrite: input.overwrite,
      });
      const { revision } = await ctx.deps.service.revisions.record(
        copied.name,
        readFileSync(copied.file, 'utf8'),
        `customised from the ${copied.template} template`,
        ctx.actor,
      );
      await audit(ctx.deps.session, ctx.actor, 'template.customise', workflowTarget(copied.name), {
        template: copied.template,
        revision: revision.shortId,
      });
      ctx.deps.logger.info({ file: copied.file, template: input.template }, 'template customized');
      return {
        name: copied.name,
        template: copied.template,
        file: relative(workspaceDir, copied.file),
        revision: { id: revision.id, shortId: revision.shortId },
      };
    }),
});
