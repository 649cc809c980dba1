import type { WorkflowDefinition } from '../definition/types.ts';
import { interpolate, toText } from '../expressions/evaluate.ts';
import type { TriggerEvent } from './event.ts';

/**
 * The concurrency group a run of `definition` started by `event` with `inputs` belongs to:
 * `concurrency.group` evaluated against `event`, `inputs` and `workflow`, trimmed. Undefined
 * when the workflow has no `concurrency:` or the group evaluates to nothing (no limit).
 * Throws `ExpressionError` when the expression cannot be evaluated.
 */
export type ConcurrencyGroupInput = Pick<WorkflowDefinition, 'name' | 'concurrency'>;

export function concurrencyGroup(
  definition: ConcurrencyGroupInput,
  event: TriggerEvent | undefined,
  inputs: Record<string, unknown>,
): string | undefined {
  const template = definition.concurrency?.group;
  if (template === undefined) return undefined;
  const value = interpolate(template, {
    inputs,
    steps: {},
    workflow: { name: definition.name },
    ...(event === undefined ? {} : { event }),
  });
  const group = toText(value).trim();
  return group === '' ? undefined : group;
}
