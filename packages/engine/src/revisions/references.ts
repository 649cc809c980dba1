import type { StepDefinition } from '../definition/types.ts';
import { referencesOf } from '../expressions/ast.ts';
import { parseExpression } from '../expressions/parse.ts';
import { scanTemplate } from '../expressions/template.ts';

/** What a step's expressions read of the workflow: input names, and whether `workflow.*`. */
export interface WorkflowReads {
  inputs: Set<string>;
  workflow: boolean;
}

/**
 * The inputs and workflow fields a step reads in its `with` (at any depth), `env` and `if`.
 * A definition is already validated, so an expression that does not parse is simply skipped.
 */
export function workflowReadsOf(step: StepDefinition): WorkflowReads {
  const reads: WorkflowReads = { inputs: new Set(), workflow: false };
  const read = (source: string): void => {
    let expr: ReturnType<typeof parseExpression>;
    try {
      expr = parseExpression(source);
    } catch {
      return;
    }
    for (const ref of referencesOf(expr)) {
      if (ref.root === 'workflow') reads.workflow = true;
      const [name] = ref.path;
      if (ref.root === 'inputs' && typeof name === 'string') reads.inputs.add(name);
    }
  };
  const readTemplate = (text: string): void => {
    const scan = scanTemplate(text);
    if ('error' in scan) return;
    for (const part of scan.parts) if (part.kind === 'expression') read(part.source);
  };
  forEachString(step.with, readTemplate);
  forEachString(step.env, readTemplate);
  if (step.if !== undefined) {
    if (step.if.includes('${{')) readTemplate(step.if);
    else read(step.if);
  }
  return reads;
}

function forEachString(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) forEachString(item, visit);
  else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) forEachString(item, visit);
  }
}
