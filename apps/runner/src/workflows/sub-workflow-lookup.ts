import { basename, extname } from 'node:path';
import {
  builtinActionSpecs,
  parseWorkflow,
  type SubWorkflowLookup,
  type WorkflowDefinition,
} from '@arcflow/engine';
import { listWorkflowCandidates, resolveWorkflow } from './resolve.ts';

/**
 * Finds the workflows `uses:` names as a run would: the workspace's `.mia/workflows/` first,
 * then the templates. Each is read and validated on its own, once per lookup.
 */
export function workspaceWorkflowLookup(workspaceDir: string): SubWorkflowLookup {
  const found = new Map<string, { definition?: WorkflowDefinition } | undefined>();
  let names: string[] | undefined;
  return {
    find(name) {
      if (found.has(name)) return found.get(name);
      let result: { definition?: WorkflowDefinition } | undefined;
      try {
        const source = resolveWorkflow(name, workspaceDir);
        const { definition } = parseWorkflow(source.text, {
          file: source.displayPath,
          actions: builtinActionSpecs,
        });
        result = definition ? { definition } : {};
      } catch {
        result = undefined; // no such workflow
      }
      found.set(name, result);
      return result;
    },
    names() {
      names ??= [
        ...new Set(
          listWorkflowCandidates(workspaceDir).map(
            (c) => c.name ?? basename(c.path, extname(c.path)),
          ),
        ),
      ];
      return names;
    },
  };
}
