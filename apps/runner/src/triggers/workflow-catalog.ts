import { basename, extname } from 'node:path';
import type { WorkflowDefinition } from '@arcflow/engine';
import { loadWorkflow } from '../workflows/load.ts';
import { listWorkflowCandidates } from '../workflows/resolve.ts';

/** A workflow of the workspace that validates, by the name runs are started with. */
export interface CatalogWorkflow {
  name: string;
  definition: WorkflowDefinition;
}

/**
 * The names of the workflows the workspace can run (its own, then the templates it does not
 * override): what `/hooks/<workflow>` is checked against before the name is used.
 */
export function workflowNames(workspaceDir: string): string[] {
  return [...new Set(listWorkflowCandidates(workspaceDir).map(candidateName))];
}

/**
 * Every workflow of the workspace that validates, read now (so an edited `on:` applies to
 * the next delivery). Workflows that do not validate are left out: they cannot run.
 */
export function validWorkflows(workspaceDir: string): CatalogWorkflow[] {
  const workflows: CatalogWorkflow[] = [];
  for (const candidate of listWorkflowCandidates(workspaceDir)) {
    try {
      const { definition } = loadWorkflow(candidate.path, workspaceDir);
      if (definition) workflows.push({ name: candidateName(candidate), definition });
    } catch {
      // unreadable (removed meanwhile): not a workflow to start
    }
  }
  return workflows;
}

function candidateName(candidate: { path: string; name: string | undefined }): string {
  return candidate.name ?? basename(candidate.path, extname(candidate.path));
}
