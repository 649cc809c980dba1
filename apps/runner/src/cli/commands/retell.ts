import pc from 'picocolors';
import { UserError } from '../../errors.ts';
import { localActor } from '../../identity/actor.ts';
import { previewToJson } from '../../runs/preview-json.ts';
import { IrreversibleEffectsError } from '../../service/errors.ts';
import type { RetellRequest } from '../../service/retell-service.ts';
import { err, printJson } from '../output.ts';
import { renderPreview } from '../retelling-preview.ts';
import { withRunService } from '../with-run-service.ts';
import { followRun } from './follow.ts';

export interface RetellOptions {
  workspace?: string;
  json?: boolean;
  maxParallel?: number;
  /** Acknowledge every irreversible effect the re-telling repeats. */
  yes?: boolean;
  /** Show the resolution preview and stop. */
  dryRun?: boolean;
  /** False with `--no-cache` (commander's negated option). */
  cache?: boolean;
}

/**
 * `arcflow resume|retry|rerun`: shows the resolution preview, refuses while it would repeat
 * an irreversible effect without `--yes`, then executes the run that goes on in this process.
 * Exit 0 succeeded, 1 failed or canceled, 2 refused or invalid.
 */
export async function retellCommand(
  request: RetellRequest,
  options: RetellOptions,
): Promise<number> {
  return withRunService(options.workspace, request.kind, async (service, session) => {
    if (await service.recoverOrphan(request.runId)) {
      err(
        pc.yellow(
          `run ${request.runId} had lost its runner; its unfinished steps were canceled, so that they run again now`,
        ),
      );
    }
    const preview = previewToJson(await service.previewRetelling(request));
    if (options.dryRun) {
      if (options.json) printJson(preview);
      else for (const line of renderPreview(preview)) process.stdout.write(`${line}\n`);
      return 0;
    }
    for (const line of renderPreview(preview)) err(line);
    err();
    try {
      const actor = localActor({ client: 'cli-local' });
      const { run, how } = await service.retell(
        request,
        {
          acknowledged: options.yes ? 'all' : [],
          by: `cli:${actor.name}`,
          ...(options.cache === false ? { noCache: true } : {}),
        },
        actor,
      );
      return followRun(session, run, how, options);
    } catch (error) {
      if (error instanceof IrreversibleEffectsError) {
        throw new UserError(
          `${error.message}. If that is what you want, run it again with --yes`,
          error.exitCode,
          { cause: error },
        );
      }
      throw error;
    }
  });
}
