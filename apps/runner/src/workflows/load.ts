import {
  builtinActionSpecs,
  type Diagnostic,
  parseWorkflow,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { resolveWorkflow, type WorkflowSource } from './resolve.ts';
import { workspaceWorkflowLookup } from './sub-workflow-lookup.ts';

export interface LoadedWorkflow {
  source: WorkflowSource;
  definition?: WorkflowDefinition;
  diagnostics: Diagnostic[];
}

/**
 * Finds a workflow by path or name and validates it with the engine (with the workflows its
 * `uses:` steps name, from the same workspace); with `secretNames`
 * (the names of the secrets that are set), an unknown `${{ secrets.NAME }}` is an error.
 */
export function loadWorkflow(
  ref: string,
  workspaceDir: string,
  options: { secretNames?: readonly string[] } = {},
): LoadedWorkflow {
  const source = resolveWorkflow(ref, workspaceDir);
  const { definition, diagnostics } = parseWorkflow(source.text, {
    file: source.displayPath,
    actions: builtinActionSpecs,
    workflows: workspaceWorkflowLookup(workspaceDir),
    ...(options.secretNames ? { secretNames: options.secretNames } : {}),
  });
  return { source, definition, diagnostics };
}
