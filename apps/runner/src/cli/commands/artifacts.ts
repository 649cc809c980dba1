import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pc from 'picocolors';
import { artifactToJson } from '../../artifacts/artifact-json.ts';
import { placeInWorkspace } from '../../artifacts/artifact-paths.ts';
import { UserError } from '../../errors.ts';
import { out, printJson } from '../output.ts';
import { withRunService } from '../with-run-service.ts';

/**
 * `arcflow artifacts <runId>`: the files the run's steps kept, as a table or `--json`;
 * `--download <dir>` writes each to `<dir>/<step>/<path>`.
 */
export async function artifactsCommand(
  runId: string,
  options: { workspace?: string; json?: boolean; download?: string },
): Promise<number> {
  return withRunService(options.workspace, 'artifacts', async (service, session) => {
    const run = await service.getRun(runId);
    const artifacts = await session.store.artifacts.listByRun(run.id);
    if (options.download !== undefined) {
      const dir = resolve(options.download);
      for (const artifact of artifacts) {
        const target = placeInWorkspace(dir, `${artifact.stepId}/${artifact.path}`);
        const body = await session.blobs.artifacts.get(artifact.storeKey);
        if (!body) {
          throw new UserError(
            `the bytes of ${artifact.stepId}/${artifact.path} are gone from ${session.blobs.artifacts.describe()} (expired or deleted)`,
          );
        }
        await mkdir(dirname(target), { recursive: true });
        await pipeline(body, createWriteStream(target));
      }
      if (!options.json) {
        out(
          `${artifacts.length} file${artifacts.length === 1 ? '' : 's'} of run ${run.id} written to ${dir}`,
        );
        return 0;
      }
    }
    if (options.json) {
      printJson(artifacts.map(artifactToJson));
      return 0;
    }
    if (artifacts.length === 0) {
      out(pc.dim(`run ${run.id} kept no artifacts`));
      return 0;
    }
    const stepWidth = Math.max(4, ...artifacts.map((a) => a.stepId.length));
    const sizeWidth = Math.max(4, ...artifacts.map((a) => humanSize(a.size).length));
    out(pc.dim(`${'STEP'.padEnd(stepWidth)}  ${'SIZE'.padStart(sizeWidth)}  PATH`));
    for (const artifact of artifacts) {
      out(
        `${artifact.stepId.padEnd(stepWidth)}  ${humanSize(artifact.size).padStart(sizeWidth)}  ${artifact.path}`,
      );
    }
    return 0;
  });
}

/** 512 B, 1.5 kB, 12 MB (powers of 1000, as `ls -h --si`). */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
