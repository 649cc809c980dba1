import { resolveRunInputs, type WorkflowDefinition } from '@arcflow/engine';
import { loadWorkflow } from '../workflows/load.ts';
import type { WorkflowSource } from '../workflows/resolve.ts';
import { InvalidInputsError, InvalidWorkflowError } from './errors.ts';

/** A workflow found, validated and given its inputs: everything a new run is created from. */
export interface PreparedRun {
  source: WorkflowSource;
  definition: WorkflowDefinition;
  inputs: Record<string, unknown>;
}

/**
 * The checks before a run exists: the workflow (a name or a path inside the workspace) must
 * validate and the inputs must fit its `inputs:`. Needs no database, so a caller can refuse
 * a bad request before opening one. Throws `InvalidWorkflowError` or `InvalidInputsError`.
 */
export function prepareRun(
  workspaceDir: string,
  workflow: string,
  givenInputs: Record<string, unknown> = {},
): PreparedRun {
  const { definition, diagnostics, source } = loadWorkflow(workflow, workspaceDir);
  if (!definition) {
    throw new InvalidWorkflowError(`${source.displayPath} is not a valid workflow`, diagnostics);
  }
  const inputs = resolveRunInputs(definition, givenInputs);
  if ('errors' in inputs) throw new InvalidInputsError(inputs.errors);
  return { source, definition, inputs: inputs.values };
}
