import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseWorkflow } from '../../definition/parse.ts';
import { formatDiagnostic } from '../../diagnostics.ts';
import { StepFailure } from '../../errors.ts';
import type { ActionRegistry } from '../registry.ts';
import type { Action, ActionContext } from '../types.ts';
import { expandGlobs } from './glob.ts';
import { checkFile, formatProblem, type Problem } from './schema/check-file.ts';
import { loadSchema, type SchemaCheck } from './schema/load-schema.ts';
import { plural } from './words.ts';

/** Where a workspace keeps its own workflows. */
const WORKFLOWS_DIR = '.mia/workflows';

export const schemaValidateInput = z
  .object({
    files: z
      .array(z.string().trim().min(1))
      .min(1)
      .describe(
        'The JSON and YAML files to check: globs relative to the workspace (`config/**/*.yaml`; `!pattern` leaves files out).',
      ),
    schema: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        'A JSON Schema file (JSON or YAML, relative to the workspace) the files must satisfy. Default: check syntax only.',
      ),
    workflows: z
      .boolean()
      .default(true)
      .describe(
        `Also check the workspace's own workflows (${WORKFLOWS_DIR}/*.yaml) with Arcflow's parser. Default: true.`,
      ),
  })
  .strict()
  .describe('Checks JSON and YAML files against a JSON Schema and reports every problem.');

export type SchemaValidateInput = z.output<typeof schemaValidateInput>;

/** Where the workflow check finds the actions a workflow may use. */
export type ActionsSource = () => ActionRegistry | Promise<ActionRegistry>;

/**
 * The `schema-validate` action. `actions` gives the registry the workflows are checked
 * against (builtin.ts passes its own registry, which lists this very action).
 */
export function createSchemaValidateAction(
  actions: ActionsSource,
): Action<typeof schemaValidateInput> {
  return {
    name: 'schema-validate',
    description:
      'Validates JSON and YAML files (and the workspace workflows) against a JSON Schema, reporting every problem as file:line:col.',
    input: schemaValidateInput,
    outputs: {
      files: 'How many files were checked.',
      errors: 'How many problems were found.',
      problems: 'Every problem found, as { file, line, column, message }.',
    },
    async run(ctx) {
      const { files: patterns, schema: schemaPath, workflows } = ctx.input;
      const schema: SchemaCheck | undefined =
        schemaPath === undefined
          ? undefined
          : await loadSchema(resolve(ctx.workspaceDir, schemaPath), schemaPath);

      const files = await expandGlobs(ctx.workspaceDir, patterns);
      if (files.length === 0) {
        const message = `no files match ${patterns.join(', ')} in ${ctx.workspaceDir}`;
        throw new StepFailure({
          reason: 'error',
          message,
          summary: message,
          retriable: false,
          details: { patterns },
        });
      }

      const problems: Problem[] = [];
      for (const file of files) {
        const text = await readFile(join(ctx.workspaceDir, file), 'utf8');
        problems.push(...checkFile(file, text, schema));
      }
      const workflowFiles = workflows ? await checkWorkflows(ctx, actions, problems) : [];

      for (const problem of problems) ctx.log('stderr', formatProblem(problem));
      const checked = new Set([...files, ...workflowFiles]).size;
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
    },
  };
}

/** Checks `.mia/workflows/*.yaml` with the workflow parser; returns the files it read. */
async function checkWorkflows(
  ctx: ActionContext<SchemaValidateInput>,
  actionsSource: ActionsSource,
  problems: Problem[],
): Promise<string[]> {
  const entries = await readdir(join(ctx.workspaceDir, WORKFLOWS_DIR)).catch(() => [] as string[]);
  const files = entries
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${WORKFLOWS_DIR}/${name}`);
  if (files.length === 0) return [];
  const actions = await actionsSource();
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
