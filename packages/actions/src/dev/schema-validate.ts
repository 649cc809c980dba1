import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type {
  Action,
  ActionContext,
  ActionSpecRegistry,
  SchemaValidateInput,
} from '@arcflow/engine';
import {
  builtinActionSpecs,
  formatDiagnostic,
  parseWorkflow,
  StepFailure,
  schemaValidateSpec,
  WORKSPACE_WORKFLOWS_DIR,
} from '@arcflow/engine';
import { defineAction } from '../define.ts';
import { expandGlobs } from './glob.ts';
import { checkFile, formatProblem, type Problem } from './schema/check-file.ts';
import { loadSchema, type SchemaCheck } from './schema/load-schema.ts';
import { plural } from './words.ts';

/**
 * The `schema-validate` action, checking workspace workflows against `specs` — the built-in
 * action specs by default (pure: no action code is loaded to check a workflow).
 */
export function createSchemaValidateAction(
  specs: ActionSpecRegistry = builtinActionSpecs,
): Action<typeof schemaValidateSpec.input> {
  return defineAction(schemaValidateSpec, async (ctx) => {
    const { files: patterns, schema: schemaPath, workflows } = ctx.input;
    const schema: SchemaCheck | undefined =
      schemaPath === undefined
        ? undefined
        : await loadSchema(resolve(ctx.workspaceDir, schemaPath), schemaPath);

    const files = await expandGlobs(ctx.workspaceDir, patterns);
    const problems: Problem[] = [];
    for (const file of files) {
      const text = await readFile(join(ctx.workspaceDir, file), 'utf8');
      problems.push(...checkFile(file, text, schema));
    }
    const workflowFiles = workflows ? await checkWorkflows(ctx, specs, problems) : [];
    if (files.length === 0 && workflowFiles.length === 0) {
      // Nothing was checked: say so, rather than call the project valid.
      const why = `nothing to validate: no files match ${patterns.join(', ')}`;
      ctx.log('system', `${why} in ${ctx.workspaceDir}`);
      return { outputs: { files: 0, errors: 0, problems: [] }, skipped: why };
    }

    for (const problem of problems) ctx.log('stderr', formatProblem(problem));
    const all = [...new Set([...files, ...workflowFiles])];
    for (const file of all) ctx.log('stdout', checkedLine(file, problems));
    const checked = all.length;
    const outputs = { files: checked, errors: problems.length, problems };
    if (problems.length > 0) {
      const inFiles = new Set(problems.map((p) => p.file)).size;
      const summary = `${plural(problems.length, 'problem')} in ${plural(inFiles, 'file')}`;
      throw new StepFailure({
        reason: 'error',
        message: summary,
        summary,
        retriable: false,
        lastLines: problems.slice(0, 20).map(formatProblem),
        details: { files: checked, problems },
      });
    }
    const against = schemaPath === undefined ? '' : ` against ${schemaPath}`;
    return { outputs, summary: `${plural(checked, 'file')} valid${against}` };
  });
}

export const schemaValidateAction = createSchemaValidateAction();

/** `checked config/app.json: ok`, `checked .mia/workflows/x.yaml: 2 problems`. */
function checkedLine(file: string, problems: readonly Problem[]): string {
  const count = problems.filter((p) => p.file === file).length;
  return `checked ${file}: ${count === 0 ? 'ok' : plural(count, 'problem')}`;
}

/** Checks `.mia/workflows/*.yaml` with the workflow parser; returns the files it read. */
async function checkWorkflows(
  ctx: ActionContext<SchemaValidateInput>,
  actions: ActionSpecRegistry,
  problems: Problem[],
): Promise<string[]> {
  const entries = await readdir(join(ctx.workspaceDir, WORKSPACE_WORKFLOWS_DIR)).catch(
    () => [] as string[],
  );
  const files = entries
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${WORKSPACE_WORKFLOWS_DIR}/${name}`);
  if (files.length === 0) return [];
  for (const file of files) {
    const text = await readFile(join(ctx.workspaceDir, file), 'utf8');
    for (const diagnostic of parseWorkflow(text, { file, actions }).diagnostics) {
      if (diagnostic.severity === 'warning') {
        ctx.log('system', `warning: ${formatDiagnostic(diagnostic)}`);
        continue;
      }
      const { line, column, message } = diagnostic;
      problems.push({ file, line, column, message });
    }
  }
  return files;
}
