import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { buildSpec, StepFailure } from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { runScript } from '../process/run-process.ts';
import { expandGlobs, hasGlob } from './glob.ts';
import { taskCommand } from './project/command.ts';
import { listSome, plural } from './words.ts';
import { inWorkingDirectory } from './working-directory.ts';

export const buildAction = defineAction(buildSpec, async (stepCtx) => {
  const ctx = await inWorkingDirectory(stepCtx);
  const { artifacts } = ctx.input;
  const task = await taskCommand(ctx.workspaceDir, 'build', ctx.input.command);
  if (task.command === undefined) {
    if (artifacts.length > 0) {
      const message = `${task.why}, yet ${listSome(artifacts)} ${artifacts.length === 1 ? 'is' : 'are'} expected: give the build command`;
      throw new StepFailure({ reason: 'error', message, summary: message, retriable: false });
    }
    ctx.log('system', task.why);
    return {
      outputs: { duration_ms: 0, artifacts: [], command: null },
      skipped: task.why,
    };
  }
  const { command } = task;
  if (task.project)
    ctx.log('system', `${task.project.label} (${task.project.evidence.join(', ')}): ${command}`);
  const label = `\`${command}\``;
  let result: Awaited<ReturnType<typeof runScript>>;
  try {
    result = await runScript(ctx, command, { label, echo: true });
  } catch (error) {
    if (error instanceof StepFailure && error.failure.reason === 'exit-code') {
      throw new StepFailure(
        {
          ...error.failure,
          summary: `the build failed: ${error.failure.summary ?? error.failure.message}`,
          details: { command, exitCode: error.failure.exitCode },
        },
        { cause: error },
      );
    }
    throw error;
  }

  const found: string[] = [];
  const missing: string[] = [];
  for (const artifact of artifacts) {
    const matches = await findArtifact(ctx.workspaceDir, artifact);
    if (matches.length === 0) missing.push(artifact);
    else for (const match of matches) if (!found.includes(match)) found.push(match);
  }
  if (missing.length > 0) {
    const what = `${missing.length === 1 ? 'artifact' : 'artifacts'} ${listSome(missing)}`;
    throw new StepFailure({
      reason: 'error',
      message: `the build succeeded but ${what} ${missing.length === 1 ? 'is' : 'are'} missing`,
      summary: `the build did not produce ${listSome(missing)}`,
      retriable: false,
      details: { missing, found, command },
    });
  }
  const seconds = (result.durationMs / 1000).toFixed(1);
  const made = found.length > 0 ? `, ${plural(found.length, 'artifact')}` : '';
  return {
    outputs: { duration_ms: result.durationMs, artifacts: found, command },
    summary: `built in ${seconds}s${made}`,
  };
});

async function findArtifact(workspaceDir: string, artifact: string): Promise<string[]> {
  if (hasGlob(artifact)) return expandGlobs(workspaceDir, [artifact], { directories: true });
  const path = isAbsolute(artifact) ? artifact : resolve(workspaceDir, artifact);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  return exists ? [isAbsolute(artifact) ? artifact : relative(workspaceDir, path) || '.'] : [];
}
