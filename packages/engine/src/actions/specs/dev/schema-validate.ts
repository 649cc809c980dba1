import { z } from 'zod';
import type { ActionSpec } from '../../types.ts';

/** Where a workspace keeps its own workflows, which `schema-validate` also checks. */
export const WORKSPACE_WORKFLOWS_DIR = '.mia/workflows';

export const schemaValidateInput = z
  .object({
    files: z
      .array(z.string().trim().min(1))
      .min(1)
      .describe(
        'The JSON and YAML files to check: globs relative to the workspace (`config/**/*.yaml`; `!pattern` leaves files out). When none match and there is no workspace workflow, the step ends skipped: nothing to validate.',
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
        `Also check the workspace's own workflows (${WORKSPACE_WORKFLOWS_DIR}/*.yaml) with Arcflow's parser. Default: true.`,
      ),
  })
  .strict()
  .describe('Checks JSON and YAML files against a JSON Schema and reports every problem.');

export type SchemaValidateInput = z.output<typeof schemaValidateInput>;

export const schemaValidateSpec: ActionSpec<typeof schemaValidateInput> = {
  name: 'schema-validate',
  description:
    'Validates JSON and YAML files (and the workspace workflows) against a JSON Schema, reporting every problem as file:line:col.',
  input: schemaValidateInput,
  outputs: {
    files: 'How many files were checked.',
    errors: 'How many problems were found.',
    problems: 'Every problem found, as { file, line, column, message }.',
  },
};
